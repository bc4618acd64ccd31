package awstest

func registerECR(s *Server) {}
