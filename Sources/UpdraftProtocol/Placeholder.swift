// Generated protobuf messages and the codec land here.
