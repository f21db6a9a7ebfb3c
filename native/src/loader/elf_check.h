#pragma once
// Checks a file before dlopen sees it. dlopen maps a shared object's segments
// straight from the file: a segment that lies past the end of a truncated file
// is mapped anyway, and the first touch of it kills the process with SIGBUS.
// A file for another CPU gets glibc's "No such file or directory". So the
// loader reads the ELF header and program headers itself first and says what
// is wrong, naming the file.
#include <string>
#include "../core/status.h"

/* Ok when `path` looks like a shared object this process can dlopen: an ELF
 * file of this process's class, byte order and machine, of type ET_DYN, whose
 * program headers, segments and section header table lie inside the file.
 * Otherwise a failure whose message starts "cannot load <path> as a shared
 * library: " and says what is wrong and what to do. */
Status hpy_elf_check(const std::string &path);
