package awstest

func registerConfig(s *Server) {}
