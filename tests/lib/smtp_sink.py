"""A stand-in SMTP relay for the tests: aiosmtpd on 127.0.0.1.

    /usr/bin/python3 tests/lib/smtp_sink.py DIR [PORT]

Listens on PORT (default: a free one), prints "READY <port>" on stdout
once it accepts connections, and stores every message it accepts as
DIR/<time ns>-<seq>.eml (names sort in arrival order, also across
restarts on the same DIR): the message as received, after two lines
giving its envelope (X-Sink-Mail-From, X-Sink-Rcpt-To).  Written to a temporary
name and renamed, so a reader never sees half a message.

With SINK_AUTH=user:password in the environment, the sink demands AUTH
(PLAIN or LOGIN, allowed without TLS here) with those credentials before
MAIL.  While DIR/.reject exists, every RCPT is answered with its content (e.g.
"451 4.3.0 try again later"), so tests can play a relay that refuses.
Stops on SIGTERM or SIGINT, or when stdin is closed.
"""
import asyncio
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.dir = directory
        self.seq = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        try:
            with open(os.path.join(self.dir, '.reject'), encoding='utf-8') as f:
                reply = f.read().strip()
            if reply:
                return reply
        except FileNotFoundError:
            pass
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.seq += 1
        name = os.path.join(self.dir, '%020d-%06d.eml' % (time.time_ns(), self.seq))
        head = ('X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\n' % (
            envelope.mail_from, ', '.join(envelope.rcpt_tos))).encode('utf-8')
        tmp = os.path.join(self.dir, '.tmp-%d-%d' % (os.getpid(), self.seq))
        with open(tmp, 'wb') as f:
            f.write(head)
            f.write(envelope.original_content)
        os.rename(tmp, name)
        return '250 Message accepted for delivery'


def authenticator_for(spec):
    user, _, password = spec.partition(':')

    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login == user.encode() and
              auth_data.password == password.encode())
        # handled=False: aiosmtpd itself answers 235 or 535.
        return AuthResult(success=ok, handled=False)
    return check


async def main():
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    loop = asyncio.get_running_loop()
    handler = Handler(directory)
    # decode_data=False keeps the bytes exactly as sent (original_content).
    auth = os.environ.get('SINK_AUTH')
    options = {}
    if auth:
        options = dict(authenticator=authenticator_for(auth), auth_required=True,
                       auth_require_tls=False)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname='sink.test', enable_SMTPUTF8=True, **options),
        host='127.0.0.1', port=port, reuse_address=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.add_reader(sys.stdin.fileno(),
                        lambda: stop.set() if not os.read(sys.stdin.fileno(), 4096) else None)
    except (PermissionError, OSError):
        pass    # stdin is a file or /dev/null: signals only
    print('READY %d' % server.sockets[0].getsockname()[1], flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == '__main__':
    asyncio.run(main())
