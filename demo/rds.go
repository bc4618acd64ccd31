package demo

func addRDS(b *builder) {}
