//! Properties holding the assessment compare it by identity, not field by field.
//!
//! The app makes one `Rc<Assessment>` per change of rule set, cluster or answers (`use_memo`), so the
//! same pointer is the same assessment and another pointer a new one. The derived comparison walked
//! both assessments whole on every render of a parent: about 10 ms per render in a profile of the
//! first paint, when the page still runs its first, unoptimised code.

use std::rc::Rc;

/// Whether `a` and `b` are the same value (one `Rc`).
pub fn same<T>(a: &Rc<T>, b: &Rc<T>) -> bool {
    Rc::ptr_eq(a, b)
}

/// Whether `a` and `b` are both absent or the same value.
pub fn same_or_none<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_in_two_rcs_are_not_the_same() {
        let a = Rc::new(vec![1, 2]);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &Rc::new(vec![1, 2])));
        assert!(same_or_none::<u8>(&None, &None));
        assert!(same_or_none(&Some(a.clone()), &Some(a.clone())));
        assert!(!same_or_none(&Some(a), &None));
    }
}
