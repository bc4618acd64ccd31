package demo

func addSSO(b *builder) {}
