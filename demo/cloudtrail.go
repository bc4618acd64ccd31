package demo

func addCloudTrail(b *builder) {}
