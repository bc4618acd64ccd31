package demo

func addS3(b *builder) {}
