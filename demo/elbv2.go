package demo

func addELBv2(b *builder) {}
