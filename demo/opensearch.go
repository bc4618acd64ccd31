package demo

func addOpenSearch(b *builder) {}
