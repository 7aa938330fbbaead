#pragma once
// A small HTTP/1.1 server for the download tests, listening on 127.0.0.1 ONLY, in its own
// thread (so it answers while a test waits on a densescope-cli subprocess). Each route serves
// bytes from memory and can: answer Range requests (206/416) or ignore them (200), drop the
// connection after N body bytes (once), stall after N bytes, send slowly (down to a byte at a
// time), send more than it announced or no end at all, add headers (Content-Encoding), redirect,
// or fail with a status (404, 500). It records each request's path and Range header.
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace httptest {

struct Route {
    Route(const QByteArray& bytes = {}) : body(bytes) {}  // NOLINT: {bytes} reads well
    QByteArray body;
    int status = 200;          // 302 with `location`, 404, 500...
    QByteArray location;       // for redirects
    qint64 dropAfter = -1;     // close the connection after this many body bytes, once
    qint64 stallAfter = -1;    // send this many body bytes, then nothing (the socket stays open)
    bool ignoreRange = false;  // answer 200 with the whole body even to a Range request
    int chunkDelayMs = 0;      // send in chunks of chunkBytes, this far apart
    int chunkBytes = 8192;
    QByteArray headers;        // more header lines, each ending in "\r\n" (Content-Encoding...)
    bool noLength = false;     // no Content-Length: the body ends when the connection closes
    bool endless = false;      // after the body, zeros until the client goes (no length)
    // How a Range request is answered: "" as it should be; "pastTotal": 206 with the whole
    // body from the asked start on, so that its Content-Range runs past the total;
    // "wrongStart": 206 with the whole body, labelled as starting at 0.
    QByteArray rangeMode;
    int statusWithoutRange = 0;  // when set: the status of a request without a Range
};

struct Request {
    QByteArray path, range;
};

class Server {
public:
    Server() {
        m_thread.start();
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        QMetaObject::invokeMethod(m_context, [this] { listen(); }, Qt::BlockingQueuedConnection);
    }
    ~Server() {
        QMetaObject::invokeMethod(m_context, [this] { delete m_server; m_server = nullptr; },
                                  Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_context;  // its thread has ended
    }
    quint16 port() const { return m_port; }
    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    void setRoute(const QByteArray& path, const Route& route) {
        QMutexLocker lock(&m_mutex);
        m_routes.insert(path, route);
    }
    QList<Request> requests() const {
        QMutexLocker lock(&m_mutex);
        return m_requests;
    }
    void clearRequests() {
        QMutexLocker lock(&m_mutex);
        m_requests.clear();
    }

private:
    void listen() {  // in m_thread
        m_server = new QTcpServer;
        m_server->listen(QHostAddress(QHostAddress::LocalHost), 0);  // 127.0.0.1 only
        m_port = m_server->serverPort();
        QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
            while (QTcpSocket* s = m_server->nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    const int end = buffer->indexOf("\r\n\r\n");
                    if (end < 0 || s->property("answered").toBool()) return;
                    s->setProperty("answered", true);
                    answer(s, buffer->left(end));
                });
            }
        });
    }

    void answer(QTcpSocket* s, const QByteArray& head) {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        Request req{first.value(1), {}};
        for (const QByteArray& line : lines)
            if (line.toLower().startsWith("range:")) req.range = line.mid(6).trimmed();
        Route route;
        bool found = false;
        {
            QMutexLocker lock(&m_mutex);
            m_requests << req;
            found = m_routes.contains(req.path);
            if (found) {
                route = m_routes.value(req.path);
                m_routes[req.path].dropAfter = -1;  // drops once
            }
        }
        if (!found) route.status = 404;
        if (route.statusWithoutRange && req.range.isEmpty()) route.status = route.statusWithoutRange;
        if (route.status != 200) {
            QByteArray out = "HTTP/1.1 " + QByteArray::number(route.status) +
                             (route.status == 302 ? " Found" : route.status == 404 ? " Not Found" : " Error") +
                             "\r\nContent-Length: 4\r\nConnection: close\r\n";
            if (!route.location.isEmpty()) out += "Location: " + route.location + "\r\n";
            s->write(out + "\r\nnope");
            s->disconnectFromHost();
            return;
        }
        const qint64 size = route.body.size();
        qint64 from = 0;
        QByteArray status = "200 OK", extra;
        if (req.range.startsWith("bytes=") && !route.ignoreRange) {
            from = req.range.mid(6).split('-').value(0).toLongLong();
            if (from >= size) {
                s->write("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                         QByteArray::number(size) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                s->disconnectFromHost();
                return;
            }
            status = "206 Partial Content";
            extra = "Content-Range: bytes " + QByteArray::number(from) + "-" + QByteArray::number(size - 1) +
                    "/" + QByteArray::number(size) + "\r\n";
            if (route.rangeMode == "pastTotal" || route.rangeMode == "wrongStart") {
                const qint64 start = route.rangeMode == "pastTotal" ? from : 0;
                extra = "Content-Range: bytes " + QByteArray::number(start) + "-" +
                        QByteArray::number(start + size - 1) + "/" + QByteArray::number(size) + "\r\n";
                from = 0;  // the whole body follows
            }
        }
        const QByteArray length = route.noLength || route.endless
                                      ? QByteArray()
                                      : "Content-Length: " + QByteArray::number(size - from) + "\r\n";
        s->write("HTTP/1.1 " + status + "\r\nContent-Type: application/octet-stream\r\n" + length +
                 extra + route.headers + "Connection: close\r\n\r\n");
        QByteArray body = route.body.mid(from);
        if (route.endless) {  // the body, then zeros for as long as the client reads
            s->write(body);
            auto* pump = new QTimer(s);
            QObject::connect(pump, &QTimer::timeout, s, [s] {
                if (s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() < (1 << 20))
                    s->write(QByteArray(256 << 10, '\0'));
            });
            pump->start(0);
            return;
        }
        const qint64 cut = route.dropAfter >= 0 ? route.dropAfter : route.stallAfter;
        if (cut >= 0) body = body.left(cut);
        const bool close = route.stallAfter < 0;
        if (route.chunkDelayMs <= 0) {
            s->write(body);
            if (close) s->disconnectFromHost();
            return;
        }
        auto* timer = new QTimer(s);
        auto rest = std::make_shared<QByteArray>(body);
        const int chunk = std::max(1, route.chunkBytes);
        QObject::connect(timer, &QTimer::timeout, s, [s, timer, rest, close, chunk] {
            if (s->state() != QAbstractSocket::ConnectedState) return timer->stop();
            s->write(rest->left(chunk));
            rest->remove(0, std::min<qsizetype>(chunk, rest->size()));
            if (rest->isEmpty()) {
                timer->stop();
                if (close) s->disconnectFromHost();
            }
        });
        timer->start(route.chunkDelayMs);
    }

    QThread m_thread;
    QObject* m_context = nullptr;
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    QHash<QByteArray, Route> m_routes;
    QList<Request> m_requests;
};

}  // namespace httptest
