package awstest

func registerBackup(s *Server) {}
