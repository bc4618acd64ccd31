package awstest

func registerRDS(s *Server) {}
