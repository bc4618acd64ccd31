package awstest

func registerSNS(s *Server) {}
