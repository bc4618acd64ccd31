package awstest

func registerOpenSearch(s *Server) {}
