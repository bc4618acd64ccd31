package demo

func addSNS(b *builder) {}
