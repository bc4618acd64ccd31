package demo

func addECR(b *builder) {}
