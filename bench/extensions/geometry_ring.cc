// Figure 13's C++ object: the vertices of a Polygon (geometry.c) in a
// std::vector, with the geometry a C++ library would put in its class.
// The arithmetic is the JavaScript twin's, in the same order
// (bench/js-twin/geometry.ts), so the results are the same numbers.
#include "geometry_ring.h"

#include <cmath>
#include <new>
#include <vector>

struct Ring {
  std::vector<double> xy;

  explicit Ring(size_t n) : xy(2 * n) {}
  size_t size() const { return xy.size() / 2; }

  double area() const {
    size_t n = size();
    double s = 0;
    for (size_t i = 0; i < n; i++) {
      size_t j = (i + 1) % n;
      s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    return s / 2;
  }

  double perimeter() const {
    size_t n = size();
    double s = 0;
    for (size_t i = 0; i < n; i++) {
      size_t j = (i + 1) % n;
      double dx = xy[2 * j] - xy[2 * i], dy = xy[2 * j + 1] - xy[2 * i + 1];
      s += std::sqrt(dx * dx + dy * dy);
    }
    return s;
  }

  // Even-odd rule.
  bool contains(double x, double y) const {
    size_t n = size();
    bool inside = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
      double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
};

// No exception crosses into C: an allocation that fails is NULL.
Ring *ring_new(size_t n) {
  try {
    return new Ring(n);
  } catch (const std::bad_alloc &) {
    return nullptr;
  }
}

Ring *ring_moved(const Ring *r, double dx, double dy) {
  Ring *m = ring_new(r->size());
  if (!m) return nullptr;
  for (size_t i = 0; i < r->xy.size(); i += 2) {
    m->xy[i] = r->xy[i] + dx;
    m->xy[i + 1] = r->xy[i + 1] + dy;
  }
  return m;
}

void ring_delete(Ring *r) { delete r; }
size_t ring_size(const Ring *r) { return r->size(); }
void ring_set(Ring *r, size_t i, double x, double y) {
  r->xy[2 * i] = x;
  r->xy[2 * i + 1] = y;
}
double ring_area(const Ring *r) { return r->area(); }
double ring_perimeter(const Ring *r) { return r->perimeter(); }
int ring_contains(const Ring *r, double x, double y) { return r->contains(x, y); }
