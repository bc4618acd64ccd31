package demo

func addTGW(b *builder) {}
