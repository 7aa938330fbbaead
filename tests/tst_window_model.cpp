// The real MainWindow's model side under the offscreen platform: default weights from the hub
// cache, wrong weights and impossible layouts explained in place with the previous model
// kept, a missing GPU, rapid switching, and the settings round-trip (failed layouts not saved).
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QWheelEvent>

#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <cmath>
#include <memory>

#include "densescope/engine.h"
#include "densescope/feature_maps.h"
#include "feature_map_panel.h"
#include "env_guard.h"
#include "densescope/memory_estimate.h"
#include "fixtures.h"
#include "image_io.h"
#include "image_view.h"
#include "densescope/labels.h"
#include "main_window.h"
#include "model_panel.h"
#include "densescope/imagenet_weights.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

class TestWindowModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(!fixtures::dir().isEmpty());
        QVERIFY(m_tmp.isValid());
        isolateFrom(m_tmp);
    }
    void defaultWeightsFollowTheHubCache();
    void wrongWeightsKeepModel();
    void cudaUnavailableSaysSo();
    void invalidCustomLayoutExplained();
    void rapidSwitchingEndsInFinalState();
    void settingsRoundTrip();
    void failedLayoutNotSaved();
    void wrongLayoutOffersTheRightOne();
    void wheelNeedsFocus();
    void customLayoutWaitsForConfirmation();
    void cudaEntryDisabledWithoutGpu();
    void savedCudaFallsBackToCpu();
    void settingsSavedWhenChanged();

private:
    QTemporaryDir m_tmp;
};

void TestWindowModel::defaultWeightsFollowTheHubCache() {
    // Only the file's presence matters for the choice (loading it is core's business).
    QTemporaryDir home;
    QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("hub/checkpoints"))));
    QFile file(home.filePath(QStringLiteral("hub/checkpoints/densenet121-a639ec97.pth")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const fixtures::ScopedEnv env("TORCH_HOME", home.path().toUtf8());
    const auto d121 = ds::DenseNetConfig::variant("densenet121");
    const auto d169 = ds::DenseNetConfig::variant("densenet169");
    QCOMPARE(ds::defaultWeightsSpec(d121), std::string("imagenet"));
    QCOMPARE(ds::defaultWeightsSpec(d169), std::string("random"));
    QString why;
    QVERIFY(ModelPanel::imagenetPath(d169, &why).isEmpty());
    QVERIFY2(why.contains(QStringLiteral("densenet169-b2777c0a.pth")) && why.contains(home.path()),
             qPrintable(why));
    // The panel offers ImageNet only where the file is, and says where to put it otherwise.
    ModelPanel panel;
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("weightsCombo"));
    auto* items = qobject_cast<QStandardItemModel*>(combo->model());
    panel.setRequest({d121, QStringLiteral("imagenet"), ds::DeviceKind::Cpu, {}});
    QVERIFY(items->item(1)->isEnabled());
    panel.setRequest({d169, QStringLiteral("random:0"), ds::DeviceKind::Cpu, {}});
    QVERIFY(!items->item(1)->isEnabled());
    QVERIFY(items->item(1)->toolTip().contains(home.path()));
}

void TestWindowModel::wrongWeightsKeepModel() {
    auto w = started(tinyOptions());
    const QStringList before = w->predictions()->labels();
    // The tiny weights do not fit a layout with another growth rate: shapes differ.
    auto config = fixtures::config(QStringLiteral("tiny"));
    config.growthRate = 12;
    QVERIFY(settle(*w, [&] {
        w->requestModel({config, fixture(QStringLiteral("tiny.pth")), ds::DeviceKind::Cpu, {}});
    }));
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("Still using")), qPrintable(error->text()));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    // A file that is no weights at all, dropped on the window.
    const QString junk = m_tmp.filePath(QStringLiteral("junk.pth"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(1000, 'x'));
    f.close();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(junk)});
    QVERIFY(settle(*w, [&] { QVERIFY(dropOn(*w, mime)); }));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("junk.pth")), qPrintable(error->text()));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QCOMPARE(w->predictions()->labels(), before);
    // The model still runs.
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.norm5")); }));
    QCOMPARE(QString::fromStdString(w->featureMaps()->featureMap()->layer),
             QStringLiteral("features.norm5"));
}

void TestWindowModel::cudaUnavailableSaysSo() {
    if (ds::Engine::cudaAvailable()) QSKIP("this machine has CUDA");
    auto w = started(tinyOptions());
    auto request = tinyRequest(fixture(QStringLiteral("tiny.pth")));
    request.device = ds::DeviceKind::Cuda;
    QVERIFY(settle(*w, [&] { w->requestModel(request); }));
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("CUDA")), qPrintable(error->text()));
    QCOMPARE(w->loadedModel()->deviceName, QStringLiteral("cpu"));
    QCOMPARE(w->predictions()->labels().size(), 5);
}

void TestWindowModel::invalidCustomLayoutExplained() {
    auto w = started(tinyOptions());
    const quint64 requests = w->worker()->lastRequestId();
    auto* blocks = w->findChild<QLineEdit*>(QStringLiteral("blocksEdit"));
    QVERIFY(blocks);
    QVERIFY(w->modelPanel()->findChild<QWidget*>(QStringLiteral("customGroup"))->isVisible());
    blocks->setText(QStringLiteral("2,x,2"));
    emit blocks->textEdited(blocks->text());
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("'x'")), qPrintable(error->text()));
    QTest::qWait(800);  // past the panel's debounce: nothing is sent for an invalid layout
    QCOMPARE(w->worker()->lastRequestId(), requests);
    auto* growth = w->findChild<QSpinBox*>(QStringLiteral("growthRateSpin"));
    blocks->setText(QStringLiteral("2,3,2"));
    emit blocks->textEdited(blocks->text());
    growth->setValue(5000);
    QTRY_VERIFY(error->text().contains(QStringLiteral("Growth rate")));
}

void TestWindowModel::rapidSwitchingEndsInFinalState() {
    auto w = started(tinyOptions());
    auto other = fixtures::config(QStringLiteral("tiny"));
    other.growthRate = 4;
    other.blockConfig = {1, 2};
    QVERIFY(settle(*w, [&] {
        for (int i = 0; i < 25; ++i) {
            w->requestModel({i % 2 ? other : fixtures::config(QStringLiteral("tiny")),
                             QStringLiteral("random:%1").arg(i), ds::DeviceKind::Cpu, {}});
            w->openImage(
                fixture(i % 2 ? QStringLiteral("resized.png") : QStringLiteral("input256.png")));
            w->selectLayer(i % 3 ? QStringLiteral("features.pool0")
                                 : QStringLiteral("features.denseblock2"));
            QCoreApplication::processEvents();  // let some results arrive in between
        }
        w->requestModel(tinyRequest(fixture(QStringLiteral("tiny.pth"))));
        w->openImage(fixture(QStringLiteral("input256.png")));
        w->selectLayer(QStringLiteral("features.denseblock1"));
    }));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QVERIFY(!w->loadedModel()->randomWeights);
    QCOMPARE(w->imageView()->source(), fixture(QStringLiteral("input256.png")));
    QCOMPARE(w->imageView()->original().size(), QSize(256, 256));
    QCOMPARE(QString::fromStdString(w->featureMaps()->featureMap()->layer),
             QStringLiteral("features.denseblock1"));
    const auto oracle = oracleTop(5);
    QCOMPARE(w->predictions()->labels().front(),
             QString::fromStdString(ds::imagenetLabels()[size_t(oracle[0].first)]));
    QVERIFY(std::abs(w->predictions()->probabilities().front() - oracle[0].second) < 1e-4);
}

void TestWindowModel::settingsRoundTrip() {
    QTemporaryDir dir;
    const QString photo = dir.filePath(QStringLiteral("photo.png"));
    QVERIFY(QImage(fixture(QStringLiteral("input256.png"))).save(photo));
    auto options = tinyOptions();
    options.weights = QStringLiteral("random:7");
    {
        auto w = started(options);
        QVERIFY(settle(*w, [&] { w->openImage(photo); }));
        w->setScale(1.5625);
        w->findChild<QDockWidget*>(QStringLiteral("growthDock"))->hide();
        w->close();  // saves
    }
    WindowOptions plain;  // no model arguments: the last session's choice comes back
    plain.image = fixture(QStringLiteral("input256.png"));
    auto w = started(plain);
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QCOMPARE(w->loadedModel()->weightsSpec, QStringLiteral("random:7"));
    QCOMPARE(w->modelPanel()->request().weights, QStringLiteral("random:7"));
    QCOMPARE(w->recentFiles().value(1), photo);  // input256.png came after it
    QCOMPARE(w->scale(), 1.5625);
    QVERIFY(!w->findChild<QDockWidget*>(QStringLiteral("growthDock"))->isVisible());
    QVERIFY(w->findChild<QDockWidget*>(QStringLiteral("predictionsDock"))->isVisible());
    QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                     QStringLiteral("densescope"));
    QVERIFY2(stored.fileName().startsWith(m_tmp.path()), qPrintable(stored.fileName()));
    QCOMPARE(stored.value(QStringLiteral("images/folder")).toString(), dir.path());
    QCOMPARE(stored.value(QStringLiteral("model/blocks")).toString(), QStringLiteral("2,3,2"));
}

void TestWindowModel::failedLayoutNotSaved() {
    {
        QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                         QStringLiteral("densescope"));
        stored.clear();  // a first run: no model saved yet
    }
    ds::DenseNetConfig huge;  // densenet121 with 1000 layers per block: 20.6 G parameters
    huge.name = "custom";
    huge.blockConfig = {1000, 1000, 1000, 1000};
    if (ds::availableMemoryBytes() > ds::estimateMemory(huge).total())
        QSKIP("this machine has the memory for the huge layout");
    auto options = tinyOptions();
    options.config = huge;
    options.weights = QStringLiteral("random");
    options.useSettings = true;
    {
        auto w = started(options);
        QVERIFY(!w->loadedModel());
        QLabel* error = label(*w, QStringLiteral("modelErrorLabel"));
        QVERIFY(error);
        QVERIFY2(error->text().contains(QStringLiteral("needs about")), qPrintable(error->text()));
        w->close();  // saves the settings
    }
    QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                     QStringLiteral("densescope"));
    QVERIFY2(
        !stored.value(QStringLiteral("model/blocks")).toString().contains(QStringLiteral("1000")),
        qPrintable(stored.value(QStringLiteral("model/blocks")).toString()));
}

namespace {

QVariant storedValue(const QString& key) {
    const QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                           QStringLiteral("densescope"));
    return stored.value(key);
}

void clearStored() {
    QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                     QStringLiteral("densescope"));
    stored.clear();
}

}  // namespace

void TestWindowModel::wrongLayoutOffersTheRightOne() {
    auto w = started(tinyOptions());
    auto* button = w->findChild<QPushButton*>(QStringLiteral("switchLayoutButton"));
    QVERIFY(button);
    QVERIFY(!button->isVisible());
    // tiny.pth (k=8) into the same layout with k=12.
    auto config = fixtures::config(QStringLiteral("tiny"));
    config.growthRate = 12;
    const QString file = fixture(QStringLiteral("tiny.pth"));
    QVERIFY(settle(*w, [&] { w->requestModel({config, file, ds::DeviceKind::Cpu, {}}); }));
    auto* error = label(*w, QStringLiteral("modelErrorLabel"));
    QVERIFY(error->isVisible());
    // What the file is comes first, before the lists of keys.
    QVERIFY2(error->text().startsWith(QStringLiteral("These weights are a custom DenseNet (k=8 ")),
             qPrintable(error->text()));
    QVERIFY(button->isVisible());
    QVERIFY2(button->toolTip().contains(QStringLiteral("k=8 ")), qPrintable(button->toolTip()));
    QVERIFY(settle(*w, [&] { button->click(); }));
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QCOMPARE(w->loadedModel()->weightsSpec, file);
    QVERIFY(!w->loadedModel()->randomWeights);
    QVERIFY(!error->isVisible());
    QVERIFY(!button->isVisible());
    QCOMPARE(w->modelPanel()->request().config, fixtures::config(QStringLiteral("tiny")));
    // Predictions are torchvision's for this file again.
    QCOMPARE(w->predictions()->labels().front(),
             QString::fromStdString(ds::imagenetLabels()[size_t(oracleTop(1)[0].first)]));
}

void TestWindowModel::wheelNeedsFocus() {
    auto w = started(tinyOptions());
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    auto* variant = w->findChild<QComboBox*>(QStringLiteral("variantCombo"));
    auto* device = w->findChild<QComboBox*>(QStringLiteral("deviceCombo"));
    w->imageView()->setFocus();
    QTRY_VERIFY(w->imageView()->hasFocus());
    const auto wheel = [](QWidget* target, int delta) {
        const QPointF at(target->width() / 2.0, target->height() / 2.0);
        QWheelEvent event(at, target->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(target, &event);
    };
    // Scrolling up over the variant box would pick densenet264 (the item above "Custom
    // layout…"): without focus nothing changes and nothing loads.
    const int index = variant->currentIndex();
    const quint64 requests = w->worker()->lastRequestId();
    wheel(variant, 120);
    wheel(device, 120);
    QTest::qWait(100);
    QCOMPARE(variant->currentIndex(), index);
    QCOMPARE(device->currentData().toInt(), int(ds::DeviceKind::Cpu));
    QCOMPARE(w->worker()->lastRequestId(), requests);
    QVERIFY(!variant->hasFocus());  // the wheel does not take the focus either
    // Once the user has clicked into a box, the wheel is theirs.
    device->setFocus();
    QTRY_VERIFY(device->hasFocus());
    QVERIFY(settle(*w, [&] { wheel(device, 120); }));
    QCOMPARE(device->currentData().toInt(), int(ds::DeviceKind::Auto));
    QVERIFY(w->worker()->lastRequestId() > requests);
}

void TestWindowModel::customLayoutWaitsForConfirmation() {
    ModelPanel panel;
    panel.setRequest({ds::DenseNetConfig::variant("densenet121"), QStringLiteral("random:0"),
                      ds::DeviceKind::Cpu, {}});
    QSignalSpy requests(&panel, &ModelPanel::requestChanged);
    auto* variant = panel.findChild<QComboBox*>(QStringLiteral("variantCombo"));
    variant->setCurrentIndex(variant->findData(QStringLiteral("custom")));  // as the user does
    auto* growth = panel.findChild<QSpinBox*>(QStringLiteral("growthRateSpin"));
    growth->setValue(12);
    QTest::qWait(800);  // longer than any debounce
    QCOMPARE(requests.count(), 0);
    auto* load = panel.findChild<QPushButton*>(QStringLiteral("loadLayoutButton"));
    QVERIFY(load && load->isEnabled());
    load->click();
    QCOMPARE(requests.count(), 1);
    const auto r = requests.first().first().value<ModelRequest>();
    QCOMPARE(r.config.name, std::string("custom"));
    QCOMPARE(r.config.growthRate, 12);
    QCOMPARE(r.config.blockConfig, (std::vector<int>{6, 12, 24, 16}));
    // An invalid layout cannot be confirmed.
    growth->setValue(0);
    QVERIFY(!load->isEnabled());
}

void TestWindowModel::cudaEntryDisabledWithoutGpu() {
    ModelPanel panel;
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("deviceCombo"));
    auto* items = qobject_cast<QStandardItemModel*>(combo->model());
    QStandardItem* cuda = items->item(combo->findData(int(ds::DeviceKind::Cuda)));
    QVERIFY(cuda);
    QCOMPARE(cuda->isEnabled(), ds::Engine::cudaAvailable());
    panel.setCudaAvailable(false);
    QVERIFY(!cuda->isEnabled());
    QVERIFY2(cuda->toolTip().contains(QStringLiteral("GPU")), qPrintable(cuda->toolTip()));
    panel.setCudaAvailable(true);
    QVERIFY(cuda->isEnabled());
    QVERIFY(cuda->toolTip().isEmpty());
}

void TestWindowModel::savedCudaFallsBackToCpu() {
    if (ds::Engine::cudaAvailable()) QSKIP("this machine has CUDA");
    clearStored();
    {
        auto options = tinyOptions();
        options.weights = QStringLiteral("random:3");
        auto w = started(options);
        w->close();  // saves the tiny layout
    }
    {
        QSettings stored(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("DenseScope"),
                         QStringLiteral("densescope"));
        stored.setValue(QStringLiteral("model/device"), QStringLiteral("cuda"));
    }
    WindowOptions plain;  // the saved model, with the saved device
    plain.image = fixture(QStringLiteral("input256.png"));
    auto w = started(plain);
    QVERIFY2(w->loadedModel(), "no model loaded");
    QCOMPARE(w->loadedModel()->deviceName, QStringLiteral("cpu"));
    QCOMPARE(w->loadedModel()->device, ds::DeviceKind::Auto);  // the GPU again on a GPU machine
    QCOMPARE(w->loadedModel()->config, fixtures::config(QStringLiteral("tiny")));
    QCOMPARE(w->predictions()->labels().size(), 5);
    auto* note = label(*w, QStringLiteral("deviceNoteLabel"));
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("CUDA")) &&
                 note->text().contains(QStringLiteral("CPU")),
             qPrintable(note->text()));
    QVERIFY(!label(*w, QStringLiteral("modelErrorLabel"))->isVisible());
}

void TestWindowModel::settingsSavedWhenChanged() {
    clearStored();
    QTemporaryDir dir;
    const QString photo = dir.filePath(QStringLiteral("photo.png"));
    QVERIFY(QImage(fixture(QStringLiteral("input256.png"))).save(photo));
    auto options = tinyOptions();
    options.weights = QStringLiteral("random:5");
    auto w = started(options);
    // Written shortly after loading, without closing the window.
    QTRY_COMPARE_WITH_TIMEOUT(storedValue(QStringLiteral("model/weights")).toString(),
                              QStringLiteral("random:5"), 10000);
    w->setScale(1.25);
    QVERIFY(settle(*w, [&] { w->openImage(photo); }));
    QTRY_COMPARE_WITH_TIMEOUT(storedValue(QStringLiteral("view/scale")).toDouble(), 1.25, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(storedValue(QStringLiteral("images/folder")).toString(), dir.path(),
                              10000);
    QCOMPARE(storedValue(QStringLiteral("images/recent")).toStringList().value(0), photo);
    // Debounced: a burst of changes is one write, after the burst.
    w->setScale(1.5);
    w->setScale(1.75);
    QCOMPARE(storedValue(QStringLiteral("view/scale")).toDouble(), 1.25);
    QTRY_COMPARE_WITH_TIMEOUT(storedValue(QStringLiteral("view/scale")).toDouble(), 1.75, 10000);
}

QTEST_MAIN(TestWindowModel)
#include "tst_window_model.moc"
