package demo

func addSSM(b *builder) {}
