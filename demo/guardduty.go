package demo

func addGuardDuty(b *builder) {}
