package demo

func addCloudFront(b *builder) {}
