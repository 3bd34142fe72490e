#ifndef UPDRAFT_CZEROMQ_SHIM_H
#define UPDRAFT_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
