#ifndef UPDRAFT_CZEROMQ_SHIM_H
#define UPDRAFT_CZEROMQ_SHIM_H
#include <zmq.h>
#ifdef __linux__
#include <sys/eventfd.h> /* the message loop's wake-up fd */
#endif
#endif
