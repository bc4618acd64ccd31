package demo

func addSecurityHub(b *builder) {}
