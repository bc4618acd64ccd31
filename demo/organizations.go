package demo

func addOrganizations(b *builder) {}
