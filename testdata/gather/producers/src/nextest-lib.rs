#[cfg(test)]
mod rollback {
    #[test]
    fn rollback_db_v2_4() {
        assert_eq!(2 + 2, 5, "schema downgrade left table `fees_v2` behind");
    }
    #[test]
    fn rollback_image_to_previous() {}
    #[test]
    #[ignore = "needs a staging cluster"]
    fn rollback_dns_cutover() {}
    #[test]
    fn rollback_panics() { panic!("controller returned <503> & gave up"); }
}
