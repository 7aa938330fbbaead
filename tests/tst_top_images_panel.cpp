// The "Top images" tab in the real window: a folder is scanned on the worker (one forward
// pass per image), the ranking per channel equals torchvision's (make_top_images.py), another
// channel is shown without any forward pass, broken images are listed, and a cancelled scan
// resumes where it stopped, also from the disk cache in a later window, read off the window's
// thread; a damaged, hostile or non-regular cache file is refused quickly and cheaply.
#include <QDataStream>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QtTest>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>

#include "main_window.h"
#include "memory_probe.h"
#include "top_images_panel.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

namespace {

QJsonObject oracleModule(const QString& module) {
    return fixtures::json(QStringLiteral("top_images.json"))
        .object()
        .value("models")
        .toObject()
        .value("tiny")
        .toObject()
        .value("modules")
        .toObject()
        .value(module)
        .toObject();
}

// Image names, strongest first for `channel` (ties by name), from torchvision's maxima.
QStringList oracleRanking(const QString& module, int channel) {
    const QJsonObject ref = oracleModule(module);
    QStringList names;
    for (const auto& v :
         fixtures::json(QStringLiteral("top_images.json")).object().value("images").toArray())
        names << v.toString();
    std::vector<std::pair<double, QString>> ranked;
    for (int i = 0; i < names.size(); ++i)
        ranked.emplace_back(ref.value("max").toArray()[i].toArray()[channel].toDouble(), names[i]);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    QStringList out;
    for (const auto& r : ranked) out << r.second;
    return out;
}

QStringList shownNames(TopImagesPanel* panel) {
    QStringList out;
    auto* list = panel->findChild<QListWidget*>();
    for (int i = 0; i < list->count(); ++i)
        out << QFileInfo(list->item(i)->data(Qt::UserRole + 1).toString()).fileName();
    return out;
}

// A scan cache file as TopImagesScan::save() writes it (format version 1), for `key`, with
// `count` declared entries of which `written` follow: each done, with `channels` maxima and the
// positions `argmax` in a height x width map.
void writeCache(const QString& key, quint32 count, quint32 written, qint32 channels, qint32 side,
                int argmax) {
    const QString path = TopImagesScan::cacheFile(key);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QDataStream s(&f);
    s.setVersion(QDataStream::Qt_6_0);
    s << quint32(0x44535449) << quint32(1) << key << QStringLiteral("/photos")
      << QStringLiteral("features.denseblock2") << channels << side << side << count;
    for (quint32 i = 0; i < written; ++i) {
        s << QStringLiteral("/photos/%1.png").arg(i) << qint64(100) << qint64(0) << quint8(1)
          << QString();
        const std::vector<float> max(size_t(channels), 1.f);
        const std::vector<int> positions(size_t(channels), argmax);
        s << QByteArray(reinterpret_cast<const char*>(max.data()), channels * 4)
          << QByteArray(reinterpret_cast<const char*>(positions.data()), channels * 4)
          << QByteArray("jpeg");
    }
}

}  // namespace

class TestTopImagesPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_folder;
    const QString m_layer = QStringLiteral("features.denseblock2");

    WindowOptions options() const {
        WindowOptions o = tinyOptions();
        o.layer = m_layer;
        o.topImagesFolder = m_folder;
        o.useSettings = false;
        return o;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        isolateFrom(m_tmp);
        qputenv("XDG_CACHE_HOME", m_tmp.filePath(QStringLiteral("cache")).toUtf8());
        m_folder = m_tmp.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(m_folder));
        const QDir source(fixtures::dir() + QStringLiteral("/top_images"));
        for (const QString& name : source.entryList({QStringLiteral("*.png")}, QDir::Files))
            QVERIFY(QFile::copy(source.filePath(name), m_folder + QLatin1Char('/') + name));
        QFile broken(m_folder + QStringLiteral("/z_broken.jpg"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("not a JPEG");
    }

    void scansRanksAndSwitchesChannels() {
        auto w = started(options());
        auto* panel = w->findChild<TopImagesPanel*>();
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->currentScan() && panel->currentScan()->complete() && !panel->scanning(),
            kWaitMs);
        QCOMPARE(panel->currentScan()->layer, m_layer);
        const auto counts = panel->currentScan()->counts();
        QCOMPARE(counts.total, 7);
        QCOMPARE(counts.done, 6);
        QCOMPARE(counts.failed, 1);
        // The broken image is listed, not fatal.
        bool listed = false;
        for (auto* l : panel->findChildren<QLabel*>())
            listed = listed ||
                     (l->isVisibleTo(panel) && l->text().contains(QStringLiteral("z_broken.jpg")));
        QVERIFY(listed);
        QCOMPARE(panel->currentScan()->forwards.load(), 6);  // one pass per image that decodes
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);

        const int channels = oracleModule(m_layer).value("channels").toInt();
        QCOMPARE(panel->currentScan()->channels, channels);
        const quint64 forwards = w->worker()->forwardCount();
        const int scanned = panel->currentScan()->forwards.load();
        for (int channel : {channels - 1, 0, 7}) {
            panel->channelChanged(channel);
            QVERIFY(!panel->scanning());
            QCOMPARE(shownNames(panel), oracleRanking(m_layer, channel));
        }
        // Switching channels ran nothing.
        QCOMPARE(w->worker()->forwardCount(), forwards);
        QCOMPARE(panel->currentScan()->forwards.load(), scanned);
        // Clicking a thumbnail asks the window to open that image.
        auto* list = panel->findChild<QListWidget*>();
        QSignalSpy requested(panel, &AnalysisPanel::imageRequested);
        emit list->itemClicked(list->item(1));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(QFileInfo(requested.first().at(0).toString()).fileName(), shownNames(panel).at(1));
    }

    // A later window finds the finished scan on disk: nothing runs again.
    void cachedOnDisk() {
        auto w = started(options());
        auto* panel = w->findChild<TopImagesPanel*>();
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan() && panel->currentScan()->complete(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);
        QCOMPARE(panel->currentScan()->forwards.load(), 0);
        QCOMPARE(shownNames(panel).first(), oracleRanking(m_layer, 0).first());
    }

    // Cancel keeps what is done; Resume runs only the rest.
    void cancelAndResume() {
        const QString folder = m_tmp.filePath(QStringLiteral("many"));
        QVERIFY(QDir().mkpath(folder));
        const int n = 300;
        for (int i = 0; i < n; ++i)
            QVERIFY(QFile::copy(m_folder + QStringLiteral("/a_shapes.png"),
                                folder + QStringLiteral("/img%1.png").arg(i)));
        WindowOptions o = options();
        o.topImagesFolder = folder;
        // Not started(): that waits until the worker is idle, i.e. until the scan is over.
        auto w = std::make_unique<MainWindow>(o);
        w->show();
        w->start();
        auto* panel = w->findChild<TopImagesPanel*>();
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan() && panel->currentScan()->counts().done >= 1,
                                 kWaitMs);
        QVERIFY2(panel->statusText().contains(QStringLiteral("of %1 images").arg(n)),
                 qPrintable(panel->statusText()));
        panel->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->scanning(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);
        const int doneBefore = panel->currentScan()->counts().done;
        QVERIFY2(panel->statusText().contains(QStringLiteral("Resume")),
                 qPrintable(panel->statusText()));
        QVERIFY2(doneBefore < n, "the scan ended before Cancel: nothing to resume");
        const int forwards = panel->currentScan()->forwards.load();
        panel->scan();
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan()->complete() && !panel->scanning(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);
        QCOMPARE(panel->currentScan()->counts().done, n);
        QCOMPARE(panel->currentScan()->forwards.load() - forwards, n - doneBefore);
    }

    // A cache file that reads back whole is used; one whose counts the file cannot hold (a
    // count patched to 10,000,000 took 1.62 GB and 25 s), whose positions lie outside the map,
    // or which is not a regular file (a FIFO blocked the window forever) is refused: quickly,
    // with next to no memory, and the scan runs afresh.
    void hostileCacheFilesRefused_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("valid");
        for (const char* kind : {"valid", "count of 10 million", "more channels than written",
                                 "position outside the map", "negative size", "cut short"})
            QTest::newRow(kind) << QString(kind) << (QString(kind) == "valid");
        QTest::newRow("FIFO") << "FIFO" << false;
        QTest::newRow("folder") << "folder" << false;
    }
    void hostileCacheFilesRefused() {
        QFETCH(QString, kind);
        QFETCH(bool, valid);
        const QString key = QStringLiteral("hostile");
        const QString path = TopImagesScan::cacheFile(key);
        QFile::remove(path);
        QDir(path).removeRecursively();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        if (kind == "valid") writeCache(key, 3, 3, 4, 2, 3);
        if (kind == "count of 10 million") writeCache(key, 10'000'000, 1, 4, 2, 3);
        if (kind == "more channels than written") writeCache(key, 1, 0, 1 << 20, 2, 0);
        if (kind == "position outside the map") writeCache(key, 3, 3, 4, 2, 4);
        if (kind == "negative size") writeCache(key, 3, 3, 4, -2, 0);
        if (kind == "cut short") {
            writeCache(key, 3, 3, 4, 2, 3);
            QFile f(path);
            QVERIFY(f.resize(f.size() - 5));
        }
        if (kind == "FIFO") QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        if (kind == "folder") QVERIFY(QDir().mkpath(path));
        QElapsedTimer timer;
        timer.start();
        const memprobe::PeakGrowth memory;
        const auto scan = TopImagesScan::load(key);
        const qint64 ms = timer.elapsed(), mb = memory.mb();
        QCOMPARE(bool(scan), valid);
        if (valid) {
            QCOMPARE(scan->entries.size(), size_t(3));
            QCOMPARE(scan->entries[2].argmax, std::vector<int>(4, 3));
            QCOMPARE(scan->top(0, 1).size(), size_t(1));
        }
        QVERIFY2(ms < (fixtures::sanitized() ? 5000 : 1000),
                 qPrintable(QString::number(ms) + " ms"));
        QVERIFY2(mb < (fixtures::sanitized() ? 128 : 32), qPrintable(QString::number(mb) + " MB"));
        QFile::remove(path);
        QDir(path).removeRecursively();
    }

    // The window reads its disk cache on another thread: while the read waits, the window's
    // event loop runs and the panel says what it is doing; then the cached scan is shown.
    void cacheReadOffTheWindowThread() {
        auto w = std::make_unique<MainWindow>(options());
        auto* panel = w->findChild<TopImagesPanel*>();
        QVERIFY(panel);
        QSemaphore gate;
        std::atomic<QThread*> readingThread{nullptr};
        panel->setScanLoader([&](const QString& key) {
            readingThread = QThread::currentThread();
            gate.acquire();
            return TopImagesScan::load(key);
        });
        const auto release = qScopeGuard([&] { gate.release(); });  // even when a check fails
        w->show();
        w->start();
        QTRY_VERIFY_WITH_TIMEOUT(readingThread.load() != nullptr, kWaitMs);
        QVERIFY(readingThread.load() != QThread::currentThread());
        QVERIFY(panel->readingCache());
        QVERIFY2(panel->statusText().contains(QStringLiteral("Reading the saved scan")),
                 qPrintable(panel->statusText()));
        bool ran = false;
        QTimer::singleShot(0, w.get(), [&ran] { ran = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ran, 5000);
        gate.release();
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan() && panel->currentScan()->complete(), kWaitMs);
        QVERIFY(!panel->readingCache());
        QCOMPARE(panel->currentScan()->forwards.load(), 0);  // found on disk (cachedOnDisk)
        QCOMPARE(shownNames(panel).first(), oracleRanking(m_layer, 0).first());
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);
    }
};

QTEST_MAIN(TestTopImagesPanel)
#include "tst_top_images_panel.moc"
