/* The C++ object behind figure 13's Polygon (geometry.c): a ring of
 * vertices, a class in geometry_ring.cc, reached from C through these
 * functions, as HPy ports wrap a C++ library. */
#ifndef GEOMETRY_RING_H
#define GEOMETRY_RING_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct Ring Ring;

/* NULL when out of memory. */
Ring *ring_new(size_t n);
Ring *ring_moved(const Ring *r, double dx, double dy);
void ring_delete(Ring *r);
size_t ring_size(const Ring *r);
void ring_set(Ring *r, size_t i, double x, double y);
double ring_area(const Ring *r);
double ring_perimeter(const Ring *r);
int ring_contains(const Ring *r, double x, double y);

#ifdef __cplusplus
}
#endif
#endif
