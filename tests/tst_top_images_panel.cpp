// The "Top images" tab in the real window: a folder is scanned on the worker (one forward
// pass per image), the ranking per channel equals torchvision's (make_top_images.py), another
// channel is shown without any forward pass, broken images are listed, and a cancelled scan
// resumes where it stopped, also from the disk cache in a later window.
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>

#include "main_window.h"
#include "top_images_panel.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

namespace {

QJsonObject oracleModule(const QString& module) {
    return fixtures::json(QStringLiteral("top_images.json"))
        .object()
        .value("models").toObject()
        .value("tiny").toObject()
        .value("modules").toObject()
        .value(module).toObject();
}

// Image names, strongest first for `channel` (ties by name), from torchvision's maxima.
QStringList oracleRanking(const QString& module, int channel) {
    const QJsonObject ref = oracleModule(module);
    QStringList names;
    for (const auto& v : fixtures::json(QStringLiteral("top_images.json")).object().value("images").toArray())
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
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan() && panel->currentScan()->complete() &&
                                     !panel->scanning(),
                                 kWaitMs);
        QCOMPARE(panel->currentScan()->layer, m_layer);
        const auto counts = panel->currentScan()->counts();
        QCOMPARE(counts.total, 7);
        QCOMPARE(counts.done, 6);
        QCOMPARE(counts.failed, 1);
        // The broken image is listed, not fatal.
        bool listed = false;
        for (auto* l : panel->findChildren<QLabel*>())
            listed = listed || (l->isVisibleTo(panel) && l->text().contains(QStringLiteral("z_broken.jpg")));
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
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan() && panel->currentScan()->counts().done >= 1, kWaitMs);
        QVERIFY2(panel->statusText().contains(QStringLiteral("of %1 images").arg(n)), qPrintable(panel->statusText()));
        panel->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->scanning(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);
        const int doneBefore = panel->currentScan()->counts().done;
        QVERIFY2(panel->statusText().contains(QStringLiteral("Resume")), qPrintable(panel->statusText()));
        QVERIFY2(doneBefore < n, "the scan ended before Cancel: nothing to resume");
        const int forwards = panel->currentScan()->forwards.load();
        panel->scan();
        QTRY_VERIFY_WITH_TIMEOUT(panel->currentScan()->complete() && !panel->scanning(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->isIdle(), kWaitMs);
        QCOMPARE(panel->currentScan()->counts().done, n);
        QCOMPARE(panel->currentScan()->forwards.load() - forwards, n - doneBefore);
    }
};

QTEST_MAIN(TestTopImagesPanel)
#include "tst_top_images_panel.moc"
