// The app with a fine-tuned checkpoint (tests/oracle/make_checkpoints.py): the model takes the
// file's number of classes, a labels file names the bars, and the labels come back with the
// weights file in the next session.
#include <QLabel>
#include <QMimeData>
#include <QUrl>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "densescope/labels.h"
#include "main_window.h"
#include "model_panel.h"
#include "predictions_chart.h"
#include "ui_test_support.h"

using namespace uitest;
using ds::ui::WindowOptions;

namespace {
QString checkpoint(const QString& name) { return fixture("checkpoints/" + name); }
QStringList labels10() {
    QStringList out;
    for (const auto& l : ds::readLabels(checkpoint("labels10.txt").toStdString()))
        out << QString::fromStdString(l);
    return out;
}
}  // namespace

class TestWindowLabels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        isolateFrom(m_tmp);
        QVERIFY2(QFileInfo::exists(checkpoint("finetuned10.pth")), "run through ctest");
    }
    void labelsNameTheBarsAndAreRemembered();
    void wrongLabelsKeepTheModel();
    void droppedCheckpointsLoad_data();
    void droppedCheckpointsLoad();

private:
    QTemporaryDir m_tmp;
};

void TestWindowLabels::labelsNameTheBarsAndAreRemembered() {
    auto options = tinyOptions();
    options.weights = checkpoint("finetuned10.pth");
    {
        auto w = started(options);
        QCOMPARE(w->loadedModel()->config.numClasses, 10);  // from the file
        QVERIFY(w->predictions()->labels().front().startsWith("class "));
        const QString line = label(*w, "weightsSourceLabel")->text();
        QVERIFY2(line.contains("10 classes"), qPrintable(line));
        QVERIFY(settle(*w, [&] {
            QVERIFY(w->modelPanel()->setLabelsFile(checkpoint("labels10.txt")));
        }));
        QVERIFY(labels10().contains(w->predictions()->labels().front()));
        QVERIFY2(label(*w, "weightsSourceLabel")->text().contains("labels10.txt"),
                 qPrintable(label(*w, "weightsSourceLabel")->text()));
        w->close();
    }
    // Next session, the same weights file: its labels come with it.
    auto w = started(options);
    QCOMPARE(w->modelPanel()->request().labels, checkpoint("labels10.txt"));
    QCOMPARE(w->loadedModel()->labels, checkpoint("labels10.txt"));
    QVERIFY(labels10().contains(w->predictions()->labels().front()));
    // A 1000-class file without labels: ImageNet's names, as before.
    QVERIFY(settle(*w, [&] { w->modelPanel()->setWeightsFile(checkpoint("wrap_model.pth")); }));
    QVERIFY(w->loadedModel()->labels.isEmpty());
    QCOMPARE(w->loadedModel()->config.numClasses, 1000);
    QVERIFY(ds::imagenetLabels().end() !=
            std::find(ds::imagenetLabels().begin(), ds::imagenetLabels().end(),
                      w->predictions()->labels().front().toStdString()));
}

void TestWindowLabels::wrongLabelsKeepTheModel() {
    auto options = tinyOptions();
    options.weights = checkpoint("finetuned10.pth");
    options.labels = checkpoint("labels9.txt");
    options.useSettings = false;
    auto w = started(options);
    QCOMPARE(w->loadedModel()->config.numClasses, 10);
    const QString error = label(*w, "modelErrorLabel")->text();
    QVERIFY2(error.contains("name 9 classes, but the model has 10"), qPrintable(error));
    QVERIFY(w->predictions()->labels().front().startsWith("class "));
}

void TestWindowLabels::droppedCheckpointsLoad_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("note");  // in the weights line
    QTest::newRow(".pth.tar") << "legacy_sgd.pth.tar" << "";
    QTest::newRow(".ckpt") << "lightning.ckpt" << "'model.'";
}

// Training checkpoints dropped on the window load like any weights file.
void TestWindowLabels::droppedCheckpointsLoad() {
    QFETCH(QString, file);
    QFETCH(QString, note);
    auto options = tinyOptions();
    options.useSettings = false;
    auto w = started(options);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(checkpoint(file))});
    QVERIFY(settle(*w, [&] { QVERIFY(dropOn(*w, mime)); }));
    QCOMPARE(w->loadedModel()->weightsSpec, checkpoint(file));
    const QString line = label(*w, "weightsSourceLabel")->text();
    if (!note.isEmpty()) QVERIFY2(line.contains(note), qPrintable(line));
}

QTEST_MAIN(TestWindowLabels)
#include "tst_window_labels.moc"
