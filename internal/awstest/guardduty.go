package awstest

func registerGuardDuty(s *Server) {}
