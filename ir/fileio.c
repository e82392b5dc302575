/* fileio.c — output files are written atomically (temporary file beside the
 * target, then rename) and only when their content changes, so make, ninja
 * and dbt see nothing new after a no-op build. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ir.h"

int ir_mkdirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof path)
		return n == 0 ? 0 : -1;
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != 0)
			continue;
		char saved = path[i];
		path[i] = 0;
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return -1;
		path[i] = saved;
	}
	return 0;
}

static bool same_content(const char *path, const void *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return false;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	bool same = true;
	char buf[65536];
	size_t off = 0;
	while (same && off < len) {
		size_t want = len - off < sizeof buf ? len - off : sizeof buf;
		if (fread(buf, 1, want, fp) != want || memcmp(buf, (const char *)data + off, want) != 0)
			same = false;
		off += want;
	}
	fclose(fp);
	return same;
}

/* Devices and pipes (-o /dev/null, -o /dev/stdout) are written in place:
 * renaming a temporary file over them would replace the device. */
static IrWriteResult write_in_place(const char *path, const void *data, size_t len, const char **err)
{
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		*err = strerror(errno);
		return IR_WRITE_FAILED;
	}
	size_t put = fwrite(data, 1, len, fp);
	if (fclose(fp) != 0 || put != len) {
		*err = strerror(errno);
		return IR_WRITE_FAILED;
	}
	return IR_WRITE_WRITTEN;
}

IrWriteResult ir_write_file(const char *path, const void *data, size_t len, const char **err)
{
	struct stat st;
	char resolved[4096];
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			/* Replace the file the link points at, not the link. */
			if (!realpath(path, resolved)) {
				*err = strerror(errno);
				return IR_WRITE_FAILED;
			}
			path = resolved;
			if (stat(path, &st) != 0) {
				*err = strerror(errno);
				return IR_WRITE_FAILED;
			}
		}
		if (S_ISDIR(st.st_mode)) {
			*err = "is a directory";
			return IR_WRITE_FAILED;
		}
		if (!S_ISREG(st.st_mode))
			return write_in_place(path, data, len, err);
	}
	if (same_content(path, data, len))
		return IR_WRITE_UNCHANGED;
	char dir[4096];
	size_t n = strlen(path);
	if (n + 16 >= sizeof dir) {
		*err = "path too long";
		return IR_WRITE_FAILED;
	}
	memcpy(dir, path, n + 1);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if (ir_mkdirs(dir) != 0) {
			*err = strerror(errno);
			return IR_WRITE_FAILED;
		}
	}
	char tmp[4096 + 32];
	snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = strerror(errno);
		return IR_WRITE_FAILED;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			*err = strerror(errno);
			close(fd);
			unlink(tmp);
			return IR_WRITE_FAILED;
		}
		p += w;
		left -= (size_t)w;
	}
	/* mkstemp creates 0600; generated files are ordinary files. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		*err = strerror(errno);
		unlink(tmp);
		return IR_WRITE_FAILED;
	}
	return IR_WRITE_WRITTEN;
}
