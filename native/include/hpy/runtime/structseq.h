/* hpy/runtime/structseq.h: struct sequences (tuples with named fields), as
 * in HPy 0.9.0.
 *
 * hpy-node makes the type with HPyType_FromSpec, of builtin_shape Tuple:
 * its instances are frozen arrays of their own class, with a getter per named
 * field. HPyStructSequence_New works on any callable with an integer
 * `n_fields` attribute (such a type, or a collections.namedtuple class).
 */
#ifndef HPY_RUNTIME_STRUCTSEQ_H
#define HPY_RUNTIME_STRUCTSEQ_H

#include "hpy.h"
#include "hpy/runtime/helper_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One field: its UTF-8 name (NULL ends the list;
 * HPyStructSequence_UnnamedField leaves it unnamed) and doc (may be NULL). */
typedef struct {
    const char *name;
    const char *doc;
} HPyStructSequence_Field;

/* The type: its name ("module.Name"; required), doc (may be NULL) and
 * fields (required, ended by a field whose name is NULL). */
typedef struct {
    const char *name;
    const char *doc;
    HPyStructSequence_Field *fields;
} HPyStructSequence_Desc;

/* The name to give a field that is reached by index only. */
HPyAPI_HELPER extern const char * const HPyStructSequence_UnnamedField;

HPyAPI_HELPER HPy
HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc);

/* A new instance of `type` holding `args`; `nargs` must equal its number of
 * fields, else TypeError. */
HPyAPI_HELPER HPy
HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args);

#ifdef __cplusplus
}
#endif
#endif /* HPY_RUNTIME_STRUCTSEQ_H */
