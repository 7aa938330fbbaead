// The app's side of downloading weights, offscreen, against the local HTTP server on 127.0.0.1
// (http_test_server.h): the download dialog (success, Cancel keeping the partial file), the
// Weights menu and the model panel offering "Download ImageNet weights (32 MB)" when the file is
// missing, a mismatching file refused in the dialog, the model switching to ImageNet once the
// file is there, and the ImageNet weights manager's table.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "http_test_server.h"
#include "main_window.h"
#include "model_panel.h"
#include "ui_test_support.h"
#include "weights_catalog.h"
#include "weights_dialogs.h"

using namespace ds::ui;

class TestDownloadUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    httptest::Server m_server;
    QByteArray m_tiny;
    QString m_name;

    QString checkpoints() const { return m_tmp.filePath("torch/hub/checkpoints"); }

private slots:
    void initTestCase() {
        // The downloader honours http_proxy: the local server must be reached directly (the
        // CLI runs inherit this environment).
        qputenv("no_proxy", "127.0.0.1,localhost");
        qputenv("NO_PROXY", "127.0.0.1,localhost");
        QVERIFY(m_tmp.isValid());
        uitest::isolateFrom(m_tmp);
        qputenv("DENSESCOPE_WEIGHTS_BASE_URL", m_server.url("/m/").toUtf8());
        m_name = fixtures::json("download/download.json").object().value("file").toString();
        QFile f(fixtures::dir() + "/download/" + m_name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_tiny = f.readAll();
    }

    void dialogDownloads() {
        m_server.setRoute("/m/" + m_name.toUtf8(), {m_tiny});
        WeightsDownloadDialog dialog(QUrl(m_server.url("/m/" + m_name)), "tiny");
        QSignalSpy done(&dialog, &WeightsDownloadDialog::downloaded);
        dialog.show();
        dialog.start();
        QVERIFY(done.wait(20000));
        QVERIFY(dialog.succeeded());
        QVERIFY(QFile::exists(checkpoints() + "/" + m_name));
        QVERIFY(dialog.findChild<QLabel*>("downloadStatus")->text().contains("verified"));
        QVERIFY(!dialog.findChild<QPushButton*>("downloadCancel")->isVisible());
        QVERIFY(!dialog.findChild<QLabel*>("downloadProblem")->isVisible());
        QFile::remove(checkpoints() + "/" + m_name);
    }

    void dialogCancelKeepsPartial() {
        httptest::Route slow{m_tiny};
        slow.chunkDelayMs = 40;
        m_server.setRoute("/m/" + m_name.toUtf8(), slow);
        WeightsDownloadDialog dialog(QUrl(m_server.url("/m/" + m_name)), "tiny");
        QSignalSpy cancelled(dialog.downloader(), &ds::net::WeightsDownloader::cancelled);
        QSignalSpy progress(dialog.downloader(), &ds::net::WeightsDownloader::progress);
        dialog.show();
        dialog.start();
        QVERIFY(progress.wait(10000));
        auto* cancel = dialog.findChild<QPushButton*>("downloadCancel");
        QVERIFY(cancel->isVisible());
        cancel->click();
        QVERIFY(cancelled.size() == 1 || cancelled.wait(5000));
        QVERIFY(dialog.isVisible());  // says what was kept
        const QString problem = dialog.findChild<QLabel*>("downloadProblem")->text();
        QVERIFY2(problem.contains(".partial"), qPrintable(problem));
        QVERIFY(dialog.findChild<QPushButton*>("downloadRetry")->isVisible());
        QVERIFY(QFile::exists(checkpoints() + "/" + m_name + ".partial"));
        QVERIFY(!QFile::exists(checkpoints() + "/" + m_name));
    }

    void weightsMenuOffersTheDownload() {
        ds::ui::WindowOptions o = uitest::tinyOptions();
        o.config = ds::DenseNetConfig::variant("densenet121");
        o.weights = "random";
        auto w = uitest::started(o);
        QMenu* menu = w->weightsMenu();
        QVERIFY(menu);
        QAction* imagenet = w->findChild<QAction*>("actionImagenet");
        emit menu->aboutToShow();
        QCOMPARE(imagenet->text(), QString("Download ImageNet weights (32 MB)…"));
        auto* offer = w->modelPanel()->findChild<QPushButton*>("imagenetDownloadButton");
        QVERIFY(offer && offer->isVisible());
        QCOMPARE(offer->text(), QString("Download ImageNet weights (32 MB)"));

        // The local "mirror" has a file under the official name that is not the official one.
        QFile d121(fixtures::dir() + "/densenet121.pth");
        QVERIFY(d121.open(QIODevice::ReadOnly));
        const QByteArray bytes = d121.readAll();
        m_server.setRoute("/m/densenet121-a639ec97.pth", {bytes});
        offer->click();
        auto* dialog = w->findChild<WeightsDownloadDialog*>();
        QVERIFY(dialog);
        QSignalSpy failed(dialog->downloader(), &ds::net::WeightsDownloader::failed);
        QVERIFY(failed.wait(20000));
        auto* problem = dialog->findChild<QLabel*>("downloadProblem");
        QVERIFY2(problem->isVisible() && problem->text().contains("a639ec97"), qPrintable(problem->text()));
        QVERIFY(!QFile::exists(checkpoints() + "/densenet121-a639ec97.pth"));

        // Once the file is there (as a successful download leaves it), the model switches.
        QVERIFY(QDir().mkpath(checkpoints()));
        QVERIFY(QFile::copy(d121.fileName(), checkpoints() + "/densenet121-a639ec97.pth"));
        QSignalSpy shown(w.get(), &MainWindow::modelShown);
        emit dialog->downloaded({checkpoints() + "/densenet121-a639ec97.pth", {}, bytes.size(), 0, false});
        QVERIFY(shown.wait(uitest::kWaitMs));
        QVERIFY2(w->loadedModel()->weightsDescription.contains("densenet121-a639ec97.pth"),
                 qPrintable(w->loadedModel()->weightsDescription));
        emit menu->aboutToShow();
        QCOMPARE(imagenet->text(), QString("ImageNet"));
        QVERIFY(imagenet->isChecked());
        QVERIFY(!offer->isVisible());

        // The manager: the file is present but not the published one.
        WeightsManagerDialog* manager = w->openWeightsManager();
        QSignalSpy checked(manager, &WeightsManagerDialog::checked);
        QVERIFY(checked.wait(20000));
        QTableWidget* table = manager->table();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(0, 0)->text(), QString("densenet121"));
        QCOMPARE(table->item(0, 3)->text(), QString("Present, damaged"));
        QCOMPARE(table->item(1, 3)->text(), QString("Not downloaded"));
        QCOMPARE(table->item(1, 2)->text(), QString("116 MB"));
        QVERIFY(manager->findChild<QPushButton*>("download_densenet161")->isEnabled());
    }
};

QTEST_MAIN(TestDownloadUi)
#include "tst_download_ui.moc"
