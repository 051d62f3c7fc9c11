//! One component per file.

pub mod assessment_tools;
pub mod cluster_picker;
pub mod compare;
pub mod data_notices;
pub mod diagnostic_list;
pub mod header;
pub mod household_file;
pub mod import_panel;
pub mod indicator_table;
pub mod language_switch;
pub mod print_stamp;
pub mod question_field;
pub mod question_form;
pub mod result_panel;
pub mod rule_set_bar;
pub mod same;
pub mod score_scale;
pub mod test_households;
