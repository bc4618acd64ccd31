package awstest

func registerCloudFront(s *Server) {}
