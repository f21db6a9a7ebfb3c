/* hpy-node runs HPy's universal ABI: there is no CPython, so its C API cannot
 * be used. This header shadows CPython's for every extension `hpy-node build`
 * compiles (its include folder comes first), so the mistake is a compile
 * error that says so rather than a link or load failure. */
#error "It is forbidden to #include <Python.h> when targeting the HPy Universal ABI: hpy-node has no CPython. Use the HPy API (hpy.h) only."
