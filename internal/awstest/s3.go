package awstest

func registerS3(s *Server) {}
