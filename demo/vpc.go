package demo

func addVPC(b *builder) {}
