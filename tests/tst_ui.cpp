// Drives the real MainWindow under the offscreen platform with a tiny custom DenseNet and
// torchvision reference weights (tests/oracle/make_fixtures.py): predictions and maps, map
// scaling through the worker, layer selection, image errors kept in place, folders, recent
// files, drops, samples and the clipboard. The model side is tst_window_model.
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QSettings>

#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeWidgetItem>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <cmath>
#include <memory>

#include "densescope/engine.h"
#include "densescope/feature_maps.h"
#include "explanation_panel.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "guide_dialog.h"
#include "layer_table.h"
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

class TestUi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void windowShowsBeforeModelLoads();
    void predictionsMatchTorchvision();
    void mapScalingThroughTheWorker();
    void topkAndLayerSelection();
    void unreadableImageKeepsPrevious();
    void foldersRecentFilesAndDrops();
    void samplesMenu();
    void stepsFollowTheSourceList();
    void pageKeysStayWithTheFocusedWidget();
    void paste();
    void explanationFollowsSelection();
    void explanationFollowsModelAndZoom();
    void guide();

private:
    QTemporaryDir m_tmp;
};

void TestUi::initTestCase() {
    QVERIFY(!fixtures::dir().isEmpty());
    QVERIFY(m_tmp.isValid());
    isolateFrom(m_tmp);
}

void TestUi::windowShowsBeforeModelLoads() {
    // The window is shown before any model exists (how fast is the startup benchmark's job:
    // benchmarks/run_benchmarks.py --startup, not a wall-clock assert on a shared machine).
    MainWindow w(tinyOptions());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.loadedModel());  // nothing loaded before start(): the model loads on the worker
    QVERIFY(settle(w, [&] { w.start(); }));
    QVERIFY(w.loadedModel());
}

void TestUi::predictionsMatchTorchvision() {
    auto w = started(tinyOptions());
    QVERIFY(w);
    const auto& model = w->loadedModel();
    QVERIFY(model);
    QCOMPARE(model->config, fixtures::config(QStringLiteral("tiny")));
    QVERIFY(!model->randomWeights);
    QVERIFY(
        !w->predictions()->findChild<QLabel*>(QStringLiteral("predictionsNotice"))->isVisible());

    // The chart shows torchvision's softmax top-5 ...
    const QStringList labels = w->predictions()->labels();
    const QVector<double> probs = w->predictions()->probabilities();
    const auto oracle = oracleTop(5);
    QCOMPARE(labels.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(labels[i],
                 QString::fromStdString(ds::imagenetLabels()[size_t(oracle[size_t(i)].first)]));
        QVERIFY2(std::abs(probs[i] - oracle[size_t(i)].second) < 1e-4, qPrintable(labels[i]));
    }
    // ... and exactly what ds::Engine gives for the same image.
    ds::Engine engine(ds::EngineOptions{ds::DeviceKind::Cpu});
    engine.load(fixtures::config(QStringLiteral("tiny")),
                fixtures::path(QStringLiteral("tiny.pth")));
    const auto direct = engine.classify(ds::loadImage(fixture(QStringLiteral("input256.png"))), 5);
    for (int i = 0; i < 5; ++i) QCOMPARE(float(probs[i]), direct.top[size_t(i)].probability);

    // Both images, the default layer's map (k0 + 2k channels at 56 x 56) and the stage times.
    QCOMPARE(w->imageView()->original().size(), QSize(256, 256));
    QCOMPARE(w->imageView()->networkInput().size(), QSize(224, 224));
    const auto map = w->featureMaps()->featureMap();
    QVERIFY(map);
    QCOMPARE(QString::fromStdString(map->layer), QStringLiteral("features.denseblock1"));
    QCOMPARE(map->channels, 16 + 2 * 8);
    QCOMPARE(map->height, 56);
    // The worker delivered the 8-bit planes in the panel's scaling: per channel, and (automatic
    // colormap) symmetric around zero when the map has negative values.
    QCOMPARE(map->bytesScaling, ds::MapScaling::PerChannel);
    QCOMPARE(map->bytesSymmetric, ds::prefersSymmetric(*map));
    QCOMPARE(map->bytes, ds::mapToBytes(*map, ds::MapScaling::PerChannel, map->bytesSymmetric));
    QVERIFY(w->featureMaps()->bytesUpToDate());
    QVERIFY(label(*w, QStringLiteral("timingsLabel"))->text().contains(QStringLiteral("forward")));
    QVERIFY(
        label(*w, QStringLiteral("statusDeviceLabel"))->text().startsWith(QStringLiteral("CPU")));
    QVERIFY(label(*w, QStringLiteral("modelSummaryLabel"))
                ->text()
                .contains(QStringLiteral("parameters")));
}

void TestUi::mapScalingThroughTheWorker() {
    // The scaling control asks the worker, which answers with the same map's bytes in that
    // scaling (no new forward pass: the values are the same).
    auto w = started(tinyOptions());
    const auto before = w->featureMaps()->featureMap();
    QVERIFY(before);
    auto* combo = w->findChild<QComboBox*>(QStringLiteral("scalingCombo"));
    QVERIFY(combo);
    QVERIFY(settle(*w, [&] {
        combo->setCurrentIndex(combo->findData(int(ds::MapScaling::Shared)));
        emit combo->activated(combo->currentIndex());
    }));
    const auto after = w->featureMaps()->featureMap();
    QCOMPARE(after->bytesScaling, ds::MapScaling::Shared);
    QVERIFY(after->data == before->data);
    QCOMPARE(after->bytes, ds::mapToBytes(*after, ds::MapScaling::Shared, after->bytesSymmetric));
    QVERIFY(w->featureMaps()->bytesUpToDate());
}

void TestUi::topkAndLayerSelection() {
    auto w = started(tinyOptions());
    auto* spin = w->findChild<QSpinBox*>(QStringLiteral("topkSpin"));
    QVERIFY(spin);
    QVERIFY(settle(*w, [&] { spin->setValue(3); }));
    QCOMPARE(w->predictions()->labels().size(), 3);
    QCOMPARE(w->predictions()->labels().front(),
             QString::fromStdString(ds::imagenetLabels()[size_t(oracleTop(1)[0].first)]));

    // Picking a layer in the tree selects it everywhere and shows its map.
    auto* tree = w->findChild<NetworkTree*>(QStringLiteral("networkTree"));
    QVERIFY(tree);
    QVERIFY(settle(*w, [&] { emit tree->layerSelected(QStringLiteral("features.transition1")); }));
    QCOMPARE(w->currentLayer(), QStringLiteral("features.transition1"));
    QCOMPARE(tree->selectedLayer(), QStringLiteral("features.transition1"));
    const auto map = w->featureMaps()->featureMap();
    QCOMPARE(QString::fromStdString(map->layer), QStringLiteral("features.transition1"));
    QCOMPARE(map->channels, (16 + 2 * 8) / 2);
    QCOMPARE(map->height, 28);
    QCOMPARE(w->predictions()->labels().size(), 3);  // a new layer keeps k
}

void TestUi::unreadableImageKeepsPrevious() {
    auto w = started(tinyOptions());
    const QStringList before = w->predictions()->labels();
    const QImage original = w->imageView()->original();
    const QString bad = m_tmp.filePath(QStringLiteral("broken.png"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a PNG");
    f.close();
    QSignalSpy errors(w.get(), &MainWindow::errorShown);
    QVERIFY(settle(*w, [&] { w->openImage(bad); }));
    QCOMPARE(errors.count(), 1);
    auto* error = label(*w, QStringLiteral("imageErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("broken.png")), qPrintable(error->text()));
    QCOMPARE(w->imageView()->original(), original);
    QCOMPARE(w->predictions()->labels(), before);
    // The previous image is still usable: a new layer is computed for it, the error stays.
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.pool0")); }));
    QCOMPARE(QString::fromStdString(w->featureMaps()->featureMap()->layer),
             QStringLiteral("features.pool0"));
    QCOMPARE(w->predictions()->labels(), before);
    // A good image clears the error.
    QVERIFY(settle(*w, [&] { w->openImage(fixture(QStringLiteral("resized.png"))); }));
    QVERIFY(!error->isVisible());
}

void TestUi::foldersRecentFilesAndDrops() {
    QTemporaryDir dir;
    const QImage image(fixture(QStringLiteral("input256.png")));
    for (const char* name : {"a1.png", "a2.png", "a10.png"})
        QVERIFY(image.save(dir.filePath(name)));
    QFile::copy(fixture(QStringLiteral("tiny.pth")), dir.filePath(QStringLiteral("notes.pth")));
    auto w = started(tinyOptions());
    QVERIFY(settle(*w, [&] { QVERIFY(w->openFolder(dir.path())); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a1.png")));
    QVERIFY(settle(*w, [&] { w->stepImage(+1); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a2.png")));  // natural order
    QVERIFY(settle(*w, [&] { w->stepImage(+1); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a10.png")));
    QVERIFY(settle(*w, [&] { w->stepImage(+1); }));  // wraps around
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("a1.png")));
    const QStringList recent = w->recentFiles();
    QCOMPARE(recent.mid(0, 3), (QStringList{dir.filePath("a1.png"), dir.filePath("a10.png"),
                                            dir.filePath("a2.png")}));
    QCOMPARE(recent.count(dir.filePath(QStringLiteral("a1.png"))), 1);

    // Dropping a weights file loads it; dropping an image shows it.
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("notes.pth"))),
                  QUrl::fromLocalFile(fixture(QStringLiteral("resized.png")))});
    QVERIFY(settle(*w, [&] { QVERIFY(dropOn(*w, mime)); }));
    QCOMPARE(w->loadedModel()->weightsSpec, dir.filePath(QStringLiteral("notes.pth")));
    QCOMPARE(w->imageView()->source(), fixture(QStringLiteral("resized.png")));
    QVERIFY(!label(*w, QStringLiteral("modelErrorLabel"))->isVisible());
}

void TestUi::samplesMenu() {
    // Every built-in sample opens from the Samples menu.
    auto w = started(tinyOptions());
    auto* samples = w->findChild<QMenu*>(QStringLiteral("samplesMenu"));
    QVERIFY(samples);
    QCOMPARE(samples->actions().size(), 4);
    for (QAction* a : samples->actions()) {
        QVERIFY(settle(*w, [&] { a->trigger(); }));
        QCOMPARE(w->imageView()->source(), a->data().toString());
        QVERIFY(!w->imageView()->original().isNull());
        QVERIFY(!label(*w, QStringLiteral("imageErrorLabel"))->isVisible());
    }
    QVERIFY(!w->recentFiles().contains(QStringLiteral(":/samples/chelsea.png")));  // files only
}

void TestUi::stepsFollowTheSourceList() {
    // The window opens on a file of the fixtures folder; after a sample, PgDn on the image goes
    // to the next sample, not to the next file of that folder.
    auto w = started(tinyOptions());
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    auto* samples = w->findChild<QMenu*>(QStringLiteral("samplesMenu"));
    const QList<QAction*> items = samples->actions();
    QVERIFY(settle(*w, [&] { items.at(1)->trigger(); }));
    QCOMPARE(w->imageView()->source(), items.at(1)->data().toString());
    QTRY_VERIFY(w->imageView()->hasFocus());  // choosing an image puts the focus on it
    QVERIFY(settle(*w, [&] { QTest::keyClick(w->imageView(), Qt::Key_PageDown); }));
    QCOMPARE(w->imageView()->source(), items.at(2)->data().toString());
    QVERIFY(settle(*w, [&] { QTest::keyClick(w->imageView(), Qt::Key_PageUp); }));
    QVERIFY(settle(*w, [&] { QTest::keyClick(w->imageView(), Qt::Key_PageUp); }));
    QCOMPARE(w->imageView()->source(), items.at(0)->data().toString());
    QVERIFY(settle(*w, [&] { w->stepImage(-1); }));  // wraps around, like a folder
    QCOMPARE(w->imageView()->source(), items.at(3)->data().toString());
    // Opening a folder makes it the list again.
    QTemporaryDir dir;
    const QImage image(fixture(QStringLiteral("input256.png")));
    for (const char* name : {"b1.png", "b2.png"}) QVERIFY(image.save(dir.filePath(name)));
    QVERIFY(settle(*w, [&] { QVERIFY(w->openFolder(dir.path())); }));
    QVERIFY(settle(*w, [&] { w->findChild<QAction*>(QStringLiteral("actionNext"))->trigger(); }));
    QCOMPARE(w->imageView()->source(), dir.filePath(QStringLiteral("b2.png")));
}

void TestUi::pageKeysStayWithTheFocusedWidget() {
    // PgUp/PgDn page through the Layers table when it has the focus; the image stays.
    auto w = started(tinyOptions());
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    w->findChild<QDockWidget*>(QStringLiteral("layerTableDock"))->raise();
    auto* view = w->findChild<QTableView*>(QStringLiteral("layerTableView"));
    QVERIFY(view);
    QTRY_VERIFY(view->isVisible());
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    const QString image = w->imageView()->source();
    const int row = view->currentIndex().row();
    QVERIFY(settle(*w, [&] { QTest::keyClick(view, Qt::Key_PageDown); }));
    QVERIFY2(view->currentIndex().row() > row,
             qPrintable(QStringLiteral("row %1 -> %2").arg(row).arg(view->currentIndex().row())));
    QCOMPARE(w->imageView()->source(), image);
    // With the focus back on the image, PgDn steps again.
    w->imageView()->setFocus();
    QTRY_VERIFY(w->imageView()->hasFocus());
    QVERIFY(settle(*w, [&] { QTest::keyClick(w->imageView(), Qt::Key_PageDown); }));
    QVERIFY(w->imageView()->source() != image);
}

void TestUi::paste() {
    auto w = started(tinyOptions());
    QClipboard* clipboard = QGuiApplication::clipboard();
    const QImage image(fixture(QStringLiteral("resized.png")));
    clipboard->setImage(image);
    if (clipboard->image().isNull()) QSKIP("this platform has no clipboard");
    QVERIFY(settle(*w, [&] { w->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger(); }));
    QCOMPARE(w->imageView()->source(), QStringLiteral("clipboard"));
    QCOMPARE(w->imageView()->original().size(), image.size());
    QCOMPARE(w->predictions()->labels().size(), 5);
}

// A layout that needs more memory than the machine has is refused in the model panel, with
// the estimate, and is not saved as the model to restore (it would fail again at every start).
// The Explanation dock follows the one selection, whichever panel makes it; the tree's and the
// table's tooltips carry the same explanations. Tiny model: k = 8, blocks 2-3-2, init 16,
// bn_size 2, so transition1 makes floor(0.5 × (16 + 2 × 8)) = 16 channels.
void TestUi::explanationFollowsSelection() {
    auto w = started(tinyOptions());
    auto* dock = w->findChild<QDockWidget*>(QStringLiteral("explanationDock"));
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("Explanation"));
    QVERIFY(dock->isVisible());
    ExplanationPanel* panel = w->explanation();
    QCOMPARE(dock->widget(), panel);
    // The first screen explains what it shows: dense block 1.
    QVERIFY2(panel->text().contains(QStringLiteral("Dense block 1 (features.denseblock1)")),
             qPrintable(panel->text()));
    QVERIFY(panel->text().contains(QStringLiteral("k0 + L·k = 16 + 2 × 8 = 32")));

    auto* tree = w->findChild<NetworkTree*>(QStringLiteral("networkTree"));
    QVERIFY(settle(*w, [&] {
        emit tree->layerSelected(QStringLiteral("features.denseblock2.denselayer3"));
    }));
    QCOMPARE(panel->layer(), QStringLiteral("features.denseblock2.denselayer3"));
    for (const char* needle : {"Dense layer 3 of dense block 2", "1×1 convolution to 16 channels",
                               "16 + 8 × (3 − 1) = 32"})
        QVERIFY2(panel->text().contains(QString::fromUtf8(needle)), qPrintable(panel->text()));

    auto* table = w->findChild<LayerTable*>(QStringLiteral("layerTable"));
    QVERIFY(table);
    QVERIFY(settle(*w, [&] { emit table->layerSelected(QStringLiteral("features.transition1")); }));
    QVERIFY2(panel->text().contains(QStringLiteral("from 32 to 16 channels")),
             qPrintable(panel->text()));

    auto* growth = w->findChild<GrowthChart*>(QStringLiteral("growthChart"));
    QVERIFY(growth);
    QVERIFY(settle(*w, [&] { emit growth->layerSelected(QStringLiteral("features.pool0")); }));
    QVERIFY2(panel->text().contains(QStringLiteral("Stem output pool0")), qPrintable(panel->text()));

    // Tooltips: the same explanation on the tree item and on the table row.
    const QString tip = tree->itemFor(QStringLiteral("features.transition1"))->toolTip(0);
    QVERIFY2(tip.contains(QStringLiteral("Transition 1")) && tip.contains(QStringLiteral("θ = 0.5")),
             qPrintable(tip));
    const QModelIndexList rows = table->model()->match(
        table->model()->index(0, LayerTable::Name), LayerTable::kLayerRole,
        QStringLiteral("features.denseblock3.denselayer2"), 1, Qt::MatchExactly);
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows.first().data(Qt::ToolTipRole).toString().contains(
        QStringLiteral("Dense layer 2 of dense block 3")));
}

void TestUi::explanationFollowsModelAndZoom() {
    auto w = started(tinyOptions());
    ExplanationPanel* panel = w->explanation();
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.denseblock2.denselayer2")); }));
    QVERIFY(panel->text().contains(QStringLiteral("16 + 8 × (2 − 1) = 24")));
    // A new layout: the same layer, explained with the new numbers (k = 12).
    ds::ui::ModelRequest r = tinyRequest(QStringLiteral("random"));
    r.config.growthRate = 12;
    QVERIFY(settle(*w, [&] { w->requestModel(r); }));
    QVERIFY(w->loadedModel() && w->loadedModel()->config.growthRate == 12);
    QCOMPARE(panel->layer(), QStringLiteral("features.denseblock2.denselayer2"));
    // transition1: floor(0.5 × (16 + 2 × 12)) = 20 channels enter block 2.
    QVERIFY2(panel->text().contains(QStringLiteral("20 + 12 × (2 − 1) = 32")),
             qPrintable(panel->text()));
    // Zoom reaches the text (the window's font).
    const qreal before = panel->browser()->font().pointSizeF();
    w->resize(1920, 1080);  // room for 2x: zoom stops where the window would outgrow its room
    w->setScale(2.0);
    QVERIFY(qAbs(panel->browser()->font().pointSizeF() - 2 * before) < 0.01);
    w->setScale(1.0);
}

// Help → Guide opens a window with the explanations and the pictures drawn for the loaded
// model; it follows zoom.
void TestUi::guide() {
    auto w = started(tinyOptions());
    auto* action = w->findChild<QAction*>(QStringLiteral("actionGuide"));
    QVERIFY(action);
    action->trigger();
    auto* guide = w->findChild<GuideDialog*>(QStringLiteral("guideDialog"));
    QVERIFY(guide);
    QVERIFY(guide->isVisible());
    const QString html = guide->html();
    for (const char* needle : {"growth rate", "k = 8", "Channel growth", "Explanation", "Layers",
                               "Feature maps", "Predictions", "Network", "Image", "Model"})
        QVERIFY2(html.contains(QString::fromUtf8(needle)), needle);
    QTextDocument* doc = guide->browser()->document();
    const QImage network =
        doc->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("guide:network.png")))
            .value<QImage>();
    const QImage concat =
        doc->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("guide:concatenation.png")))
            .value<QImage>();
    QVERIFY(!network.isNull() && !concat.isNull());
    // Zoom: the pictures are redrawn larger with the font.
    w->resize(1920, 1080);  // room for 2x: zoom stops where the window would outgrow its room
    w->setScale(2.0);
    QCOMPARE(guide->font().pointSizeF(), w->font().pointSizeF());
    const QImage bigger =
        doc->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("guide:network.png")))
            .value<QImage>();
    QVERIFY2(bigger.width() > network.width() * 3 / 2,
             qPrintable(QStringLiteral("%1 -> %2").arg(network.width()).arg(bigger.width())));
    w->setScale(1.0);
    guide->close();
}

QTEST_MAIN(TestUi)
#include "tst_ui.moc"
