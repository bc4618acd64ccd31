package demo

func addKMS(b *builder) {}
