package demo

func addConfig(b *builder) {}
