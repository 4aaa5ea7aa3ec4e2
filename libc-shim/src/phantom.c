/* The object bridge over /dev/phantom (see phantom.h). */
#include "phantom.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEVICE "/dev/phantom"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Sends the NUL-separated header FIELDS (ending with NULL) and PAYLOAD,
 * copies the answer to OUT_FD, and returns the session's status. */
static int request(const char *const fields[], const void *payload, size_t len, int out_fd)
{
	int fd = open(DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t head = 1;
	for (int i = 0; fields[i]; i++)
		head += strlen(fields[i]) + 1;
	char *buf = malloc(head + len);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	size_t at = 0;
	for (int i = 0; fields[i]; i++) {
		size_t n = strlen(fields[i]) + 1;
		memcpy(buf + at, fields[i], n);
		at += n;
	}
	buf[at++] = 0;
	if (len)
		memcpy(buf + at, payload, len);
	int rc = write_all(fd, buf, head + len);
	free(buf);
	if (rc < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	char chunk[4096];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		if (write_all(out_fd, chunk, (size_t)n) < 0)
			break; /* the reader went away; the program runs on */
	}
	int status = ioctl(fd, PHANTOM_STATUS, 0);
	close(fd);
	return status;
}

static int program(const char *verb, const void *module, size_t len, const char *cls,
		   char *const args[], int out_fd)
{
	size_t n = 0;
	while (args && args[n])
		n++;
	const char **fields = calloc(n + 3, sizeof *fields);
	if (!fields) {
		errno = ENOMEM;
		return -1;
	}
	fields[0] = verb;
	fields[1] = cls;
	for (size_t i = 0; i < n; i++)
		fields[2 + i] = args[i];
	int status = request(fields, module, len, out_fd);
	free(fields);
	return status;
}

int phantom_run(const void *module, size_t len, const char *cls, char *const args[], int out_fd)
{
	return program("run", module, len, cls, args, out_fd);
}

int phantom_start(const void *module, size_t len, const char *cls, char *const args[], int out_fd)
{
	return program("start", module, len, cls, args, out_fd);
}

int phantom_call(const char *target, const char *method, char *const args[], int out_fd)
{
	size_t n = 0;
	while (args && args[n])
		n++;
	const char **fields = calloc(n + 4, sizeof *fields);
	if (!fields) {
		errno = ENOMEM;
		return -1;
	}
	fields[0] = "call";
	fields[1] = target;
	fields[2] = method;
	for (size_t i = 0; i < n; i++)
		fields[3 + i] = args[i];
	int status = request(fields, NULL, 0, out_fd);
	free(fields);
	return status;
}

int phantom_query(const char *what, int out_fd)
{
	const char *fields[] = { what, NULL };
	return request(fields, NULL, 0, out_fd);
}

void *phantom_read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		errno = e;
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	size_t at = 0;
	while (at < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + at, (size_t)st.st_size - at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		at += (size_t)n;
	}
	close(fd);
	*len = at;
	return buf;
}
