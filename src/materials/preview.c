/*
 * preview.c - the PNG of a PDF's first page, made in the background.
 *
 * A new PDF version is stored with preview_state 'pending'; this job runs
 * poppler's pdftoppm on the stored file in a child process with limits on
 * CPU time and memory and a wall-clock timeout (a hostile or broken PDF
 * must not hang the server), stores the PNG in the content store and marks
 * the version 'done', or 'failed' so that it is not tried again.  The page
 * then shows a clear file card instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "materials/internal.h"

#define PREVIEW_TIMEOUT_MS 30000
#define PREVIEW_CPU_S 20
#define PREVIEW_MEM (512UL * 1024 * 1024)
#define PREVIEW_PNG_MAX (8 * 1024 * 1024)
#define PREVIEW_BATCH 5

/* Runs pdftoppm on pdf, writing prefix.png.  0 or -1. */
static int
run_pdftoppm(const char *pdf, const char *prefix)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int status, waited = 0, fd;
	pid_t pid, w;

	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		struct rlimit cpu = { PREVIEW_CPU_S, PREVIEW_CPU_S };
		struct rlimit mem = { PREVIEW_MEM, PREVIEW_MEM };
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_AS, &mem);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("pdftoppm", "pdftoppm", "-png", "-f", "1", "-l", "1",
		    "-singlefile", "-scale-to", "600", pdf, prefix, (char *)NULL);
		_exit(127);
	}
	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w == -1 && errno != EINTR)
			return -1;
		if (waited >= PREVIEW_TIMEOUT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			log_warn("pdftoppm took longer than %d s; killed",
			    PREVIEW_TIMEOUT_MS / 1000);
			return -1;
		}
		nanosleep(&ts, NULL);
		waited += 50;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
mat_make_preview(struct arena *a, const char *sha, char out[65])
{
	const char *pdf = mstore_path(a, sha), *prefix, *png;
	int fd, rc = -1;
	off_t size;

	if (pdf == NULL)
		return -1;
	prefix = arena_printf(a, "%s/preview-%lld-%d", mstore_tmp_dir(a),
	    (long long)time(NULL), (int)getpid());
	png = arena_printf(a, "%s.png", prefix);
	if (run_pdftoppm(pdf, prefix) != 0) {
		unlink(png);
		return -1;
	}
	if ((fd = open(png, O_RDONLY | O_CLOEXEC)) != -1) {
		size = lseek(fd, 0, SEEK_END);
		if (size > 8 && size <= PREVIEW_PNG_MAX)
			rc = mstore_put_fd(fd, out);
		close(fd);
	}
	unlink(png);
	return rc;
}

int
materials_preview_job(struct db *db, int64_t now)
{
	struct mat_pending_preview *v;
	struct arena a;
	char out[65];
	size_t n, i;
	int rc = 0;

	(void)now;
	arena_init(&a);
	if (mat_previews_pending(db, &a, PREVIEW_BATCH, &v, &n) != 0) {
		arena_cleanup(&a);
		return -1;
	}
	/* pdftoppm runs outside any transaction: it may take seconds. */
	for (i = 0; i < n; i++) {
		bool ok = mat_make_preview(&a, v[i].sha256, out) == 0;

		if (!ok)
			log_warn("no preview for material version %lld",
			    (long long)v[i].id);
		if (db_begin(db) != 0 || mat_preview_set(db, v[i].id, ok ?
		    "done" : "failed", ok ? out : NULL) != 0 ||
		    db_commit(db) != 0) {
			db_rollback(db);
			rc = -1;
		}
	}
	arena_cleanup(&a);
	return rc;
}
