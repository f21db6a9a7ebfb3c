#pragma once
// Raw data tied to a handle's life (HPyUnicode_AsUTF8AndSize, HPyBytes_AsString,
// HPyType_GetName): debug mode hands out a read-only copy on pages of its
// own and makes them unreadable when the handle closes, so a write, or a
// read after close, faults at the faulty access instead of reading memory
// that silently names something else.
#include <cstddef>

/* A read-only copy of n bytes; nullptr if no memory could be mapped. */
void *hpy_debug_raw_copy(const void *data, size_t n);
/* Makes the copy unreadable (the handle closed). */
void hpy_debug_raw_protect(void *copy, size_t n);
/* Unmaps the copy. */
void hpy_debug_raw_free(void *copy, size_t n);
