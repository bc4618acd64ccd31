package demo

func addEBS(b *builder) {}
