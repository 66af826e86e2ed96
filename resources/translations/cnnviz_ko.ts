<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About cnnviz</source>
            <translation>cnnviz 정보</translation>
        </message>
        <message>
            <source>See how convolution and convolutional neural networks work: step through a convolution, pool, filter images, draw a digit and watch a trained Keras CNN.</source>
            <translation>합성곱과 합성곱 신경망(CNN)이 어떻게 동작하는지 살펴봅니다: 합성곱을 한 단계씩 계산하고, 풀링하고, 이미지에 필터를 적용하고, 숫자를 그려 학습된 Keras CNN의 반응을 지켜보세요.</translation>
        </message>
        <message>
            <source>Running on: {runtime}</source>
            <translation>실행 환경: {runtime}</translation>
        </message>
    </context>
    <context>
        <name>Application</name>
        <message>
            <source>Keras: unavailable</source>
            <translation>Keras: 사용할 수 없음</translation>
        </message>
    </context>
    <context>
        <name>ConvLabController</name>
        <message>
            <source>— choose an input —</source>
            <translation>— 입력을 고르세요 —</translation>
        </message>
        <message>
            <source>Worked example: %1</source>
            <translation>풀이 예제: %1</translation>
        </message>
        <message>
            <source>Output %1×%2</source>
            <translation>출력 %1×%2</translation>
        </message>
        <message>
            <source>, padded to %1×%2 (hatched = zero padding)</source>
            <translation>, 패딩 후 %1×%2 (빗금 = 제로 패딩)</translation>
        </message>
        <message>
            <source>, channel %1</source>
            <translation>, 채널 %1</translation>
        </message>
        <message>
            <source>Input %1×%2</source>
            <translation>입력 %1×%2</translation>
        </message>
        <message>
            <source>Kernel %1×%2</source>
            <translation>커널 %1×%2</translation>
        </message>
        <message>
            <source> (flipped 180°)</source>
            <translation> (180° 뒤집음)</translation>
        </message>
        <message>
            <source>, after ReLU</source>
            <translation>, ReLU 적용 후</translation>
        </message>
        <message>
            <source>No output</source>
            <translation>출력 없음</translation>
        </message>
        <message>
            <source>These settings give no output.</source>
            <translation>이 설정으로는 출력이 나오지 않습니다.</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>출력</translation>
        </message>
        <message>
            <source>Stepping is off until the settings fit the input.</source>
            <translation>설정이 입력에 맞을 때까지 단계 실행을 할 수 없습니다.</translation>
        </message>
        <message>
            <source>Press → or Space to compute the first output cell, P to play.</source>
            <translation>→ 또는 Space를 눌러 첫 출력 칸을 계산하고, P를 누르면 자동 재생합니다.</translation>
        </message>
        <message>
            <source>Output row %1, column %2 ← input rows %3–%4, columns %5–%6</source>
            <translation>출력 %1행 %2열 ← 입력 %3–%4행, %5–%6열</translation>
        </message>
        <message>
            <source>Channel %1: %2 = %3</source>
            <translation>채널 %1: %2 = %3</translation>
        </message>
        <message>
            <source>Input text: %1</source>
            <translation>입력 텍스트: %1</translation>
        </message>
        <message>
            <source>Typed input</source>
            <translation>입력한 행렬</translation>
        </message>
        <message>
            <source>Drawn input (28×28)</source>
            <translation>그린 입력 (28×28)</translation>
        </message>
        <message>
            <source>Open an image</source>
            <translation>이미지 열기</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</source>
            <translation>이미지 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</translation>
        </message>
    </context>
    <context>
        <name>ConvLabView</name>
        <message>
            <source>Input</source>
            <translation>입력</translation>
        </message>
        <message>
            <source>Draw…</source>
            <translation>그리기…</translation>
        </message>
        <message>
            <source>Open image…</source>
            <translation>이미지 열기…</translation>
        </message>
        <message>
            <source>size </source>
            <translation>크기 </translation>
        </message>
        <message>
            <source>or type a matrix: 1,0,1;0,1,0 and press Enter</source>
            <translation>또는 행렬을 입력하고 Enter: 1,0,1;0,1,0</translation>
        </message>
        <message>
            <source>Channel shown</source>
            <translation>표시할 채널</translation>
        </message>
        <message>
            <source>Kernel</source>
            <translation>커널</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>설정</translation>
        </message>
        <message>
            <source>valid (no padding)</source>
            <translation>valid (패딩 없음)</translation>
        </message>
        <message>
            <source>same (output = input / stride)</source>
            <translation>same (출력 = 입력 / 스트라이드)</translation>
        </message>
        <message>
            <source>zero padding N on every side</source>
            <translation>모든 변에 제로 패딩 N</translation>
        </message>
        <message>
            <source>zero padding top, bottom, left, right</source>
            <translation>위·아래·왼쪽·오른쪽 제로 패딩</translation>
        </message>
        <message>
            <source>none</source>
            <translation>없음</translation>
        </message>
        <message>
            <source>ReLU: max(0, x)</source>
            <translation>ReLU: max(0, x)</translation>
        </message>
        <message>
            <source>True convolution (flip the kernel 180°)</source>
            <translation>진짜 합성곱 (커널을 180° 뒤집기)</translation>
        </message>
        <message>
            <source>Padding</source>
            <translation>패딩</translation>
        </message>
        <message>
            <source>Stride (rows × cols)</source>
            <translation>스트라이드 (행 × 열)</translation>
        </message>
        <message>
            <source>Dilation (rows × cols)</source>
            <translation>팽창 (행 × 열)</translation>
        </message>
        <message>
            <source>Bias</source>
            <translation>편향</translation>
        </message>
        <message>
            <source>Activation</source>
            <translation>활성화 함수</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>출력</translation>
        </message>
    </context>
    <context>
        <name>DrawDialog</name>
        <message>
            <source>Draw an input</source>
            <translation>입력 그리기</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>지우기</translation>
        </message>
    </context>
    <context>
        <name>DrawingCanvas</name>
        <message>
            <source>Draw here with the mouse, a pen or a finger. Right button or E: eraser; Ctrl+Z undo; Delete clears.</source>
            <translation>마우스, 펜 또는 손가락으로 여기에 그리세요. 오른쪽 버튼 또는 E: 지우개, Ctrl+Z: 실행 취소, Delete: 모두 지우기.</translation>
        </message>
        <message>
            <source>Drawing canvas</source>
            <translation>그리기 캔버스</translation>
        </message>
    </context>
    <context>
        <name>GridView</name>
        <message>
            <source>row %1, column %2: not computed yet</source>
            <translation>%1행 %2열: 아직 계산 안 됨</translation>
        </message>
        <message>
            <source> (padding)</source>
            <translation> (패딩)</translation>
        </message>
        <message>
            <source>row %1, column %2: %3</source>
            <translation>%1행 %2열: %3</translation>
        </message>
        <message>
            <source>Copy numbers (CSV)</source>
            <translation>숫자 복사 (CSV)</translation>
        </message>
        <message>
            <source>Save numbers as CSV…</source>
            <translation>숫자를 CSV로 저장…</translation>
        </message>
        <message>
            <source>Save picture as PNG…</source>
            <translation>그림을 PNG로 저장…</translation>
        </message>
        <message>
            <source>Save numbers as CSV</source>
            <translation>숫자를 CSV로 저장</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 파일 (*.csv)</translation>
        </message>
        <message>
            <source>Save picture as PNG</source>
            <translation>그림을 PNG로 저장</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 이미지 (*.png)</translation>
        </message>
    </context>
    <context>
        <name>KernelEditor</name>
        <message>
            <source>Custom</source>
            <translation>사용자 정의</translation>
        </message>
        <message>
            <source>or type the whole kernel: 1,0;0,1 and press Enter</source>
            <translation>또는 커널 전체를 입력하고 Enter: 1,0;0,1</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>프리셋</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>크기</translation>
        </message>
        <message>
            <source>Your own kernel: type a number into each cell.</source>
            <translation>나만의 커널: 각 칸에 숫자를 입력하세요.</translation>
        </message>
        <message>
            <source>Channel %1, </source>
            <translation>채널 %1, </translation>
        </message>
        <message>
            <source> (and %1 more)</source>
            <translation> (외 %1개)</translation>
        </message>
        <message>
            <source> — the last valid kernel stays in use.</source>
            <translation> — 마지막으로 올바르던 커널을 계속 사용합니다.</translation>
        </message>
        <message>
            <source>Kernel text: %1</source>
            <translation>커널 텍스트: %1</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>cnnviz — see how convolution and CNNs work</source>
            <extracomment>The user asked to restart (new language); the application saves and relaunches.</extracomment>
            <translation>cnnviz — 합성곱과 CNN이 동작하는 원리 보기</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>파일(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>보기(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>도움말(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Export</source>
            <translation>내보내기(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation>테마(&amp;T)</translation>
        </message>
        <message>
            <source>Open &amp;session…</source>
            <translation>세션 열기(&amp;S)…</translation>
        </message>
        <message>
            <source>Reopen a saved session: model, drawing, kernels, lab position</source>
            <translation>저장한 세션 다시 열기: 모델, 그림, 커널, 실습 위치</translation>
        </message>
        <message>
            <source>Sa&amp;ve session…</source>
            <translation>세션 저장(&amp;V)…</translation>
        </message>
        <message>
            <source>Save the model, drawing, kernels and lab position to a file</source>
            <translation>모델, 그림, 커널, 실습 위치를 파일로 저장</translation>
        </message>
        <message>
            <source>&amp;Page as PNG…</source>
            <translation>현재 화면을 PNG로(&amp;P)…</translation>
        </message>
        <message>
            <source>Save a picture of the current page at presentation resolution</source>
            <translation>현재 화면을 발표용 해상도의 그림으로 저장</translation>
        </message>
        <message>
            <source>Se&amp;ttings…</source>
            <translation>설정(&amp;T)…</translation>
        </message>
        <message>
            <source>Language, theme and zoom</source>
            <translation>언어, 테마, 확대 배율</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>끝내기(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>단축키 목록(&amp;K)</translation>
        </message>
        <message>
            <source>List every keyboard shortcut</source>
            <translation>모든 단축키 보기</translation>
        </message>
        <message>
            <source>&amp;About cnnviz</source>
            <translation>cnnviz 정보(&amp;A)</translation>
        </message>
        <message>
            <source>Keras: loading…</source>
            <translation>Keras: 불러오는 중…</translation>
        </message>
        <message>
            <source>Export page as PNG</source>
            <translation>화면을 PNG로 내보내기</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 이미지 (*.png)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>내보내기 실패</translation>
        </message>
        <message>
            <source>Could not save {path}: {error}</source>
            <translation>{path}을(를) 저장할 수 없습니다: {error}</translation>
        </message>
        <message>
            <source>Saved {path} ({w}×{h} pixels)</source>
            <translation>{path} 저장함 ({w}×{h} 픽셀)</translation>
        </message>
    </context>
    <context>
        <name>PoolLab</name>
        <message>
            <source>Max pooling</source>
            <translation>맥스 풀링</translation>
        </message>
        <message>
            <source>Average pooling</source>
            <translation>평균 풀링</translation>
        </message>
        <message>
            <source>Min pooling</source>
            <translation>최소 풀링</translation>
        </message>
        <message>
            <source>Pooling Lab</source>
            <translation>풀링 실습</translation>
        </message>
    </context>
    <context>
        <name>PoolLabController</name>
        <message>
            <source>Convolution output from the lab</source>
            <translation>합성곱 실습의 출력</translation>
        </message>
        <message>
            <source>the Pooling Lab needs a 2-D input up to %1×%1, got shape %2</source>
            <translation>풀링 실습에는 최대 %1×%1 크기의 2차원 입력이 필요합니다. 받은 모양: %2</translation>
        </message>
        <message>
            <source>The Convolution Lab has no output (its settings do not fit).</source>
            <translation>합성곱 실습에 출력이 없습니다 (설정이 입력에 맞지 않음).</translation>
        </message>
        <message>
            <source>Output %1×%2</source>
            <translation>출력 %1×%2</translation>
        </message>
        <message>
            <source>Input %1×%2</source>
            <translation>입력 %1×%2</translation>
        </message>
        <message>
            <source>No output</source>
            <translation>출력 없음</translation>
        </message>
        <message>
            <source>These settings give no output.</source>
            <translation>이 설정으로는 출력이 나오지 않습니다.</translation>
        </message>
        <message>
            <source>Stepping is off until the settings fit the input.</source>
            <translation>설정이 입력에 맞을 때까지 단계 실행을 할 수 없습니다.</translation>
        </message>
        <message>
            <source>Press → or Space to pool the first window, P to play.</source>
            <translation>→ 또는 Space를 눌러 첫 창을 풀링하고, P를 누르면 자동 재생합니다.</translation>
        </message>
        <message>
            <source>Output row %1, column %2 ← input rows %3–%4, columns %5–%6</source>
            <translation>출력 %1행 %2열 ← 입력 %3–%4행, %5–%6열</translation>
        </message>
        <message>
            <source>Input text: %1</source>
            <translation>입력 텍스트: %1</translation>
        </message>
    </context>
    <context>
        <name>PoolLabView</name>
        <message>
            <source>Input</source>
            <translation>입력</translation>
        </message>
        <message>
            <source>Use the Convolution Lab's output</source>
            <translation>합성곱 실습의 출력 사용</translation>
        </message>
        <message>
            <source>or type a matrix: 1,0;0,1 and press Enter</source>
            <translation>또는 행렬을 입력하고 Enter: 1,0;0,1</translation>
        </message>
        <message>
            <source>Pooling</source>
            <translation>풀링</translation>
        </message>
        <message>
            <source>= pool size</source>
            <translation>= 풀 크기</translation>
        </message>
        <message>
            <source>valid (no padding)</source>
            <translation>valid (패딩 없음)</translation>
        </message>
        <message>
            <source>same (output = input / stride)</source>
            <translation>same (출력 = 입력 / 스트라이드)</translation>
        </message>
        <message>
            <source>Pool size</source>
            <translation>풀 크기</translation>
        </message>
        <message>
            <source>Stride</source>
            <translation>스트라이드</translation>
        </message>
        <message>
            <source>Padding</source>
            <translation>패딩</translation>
        </message>
        <message>
            <source>Left output</source>
            <translation>왼쪽 출력</translation>
        </message>
        <message>
            <source>Right output</source>
            <translation>오른쪽 출력</translation>
        </message>
        <message>
            <source>Padded cells never win and are left out of averages (as in Keras).</source>
            <translation>패딩 칸은 최댓값으로 뽑히지 않고 평균에서도 빠집니다 (Keras와 같음).</translation>
        </message>
    </context>
    <context>
        <name>Presentation</name>
        <message>
            <source>&amp;Presentation mode</source>
            <extracomment>Fonts are never smaller than this at zoom 1.0 (some desktops default to 8–9 pt).</extracomment>
            <translation>발표 모드(&amp;P)</translation>
        </message>
        <message>
            <source>Full screen with large type for projecting</source>
            <translation>프로젝터용 큰 글씨 전체 화면</translation>
        </message>
        <message>
            <source>Leave presentation mode</source>
            <translation>발표 모드 끝내기</translation>
        </message>
        <message>
            <source>Zoom &amp;in</source>
            <translation>확대(&amp;I)</translation>
        </message>
        <message>
            <source>Zoom &amp;out</source>
            <translation>축소(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Actual size</source>
            <translation>원래 크기(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>Session</name>
        <message>
            <source>Save session</source>
            <extracomment>Window attributes holding controllers, in restore order (page keys are tried as well).</extracomment>
            <translation>세션 저장</translation>
        </message>
        <message>
            <source>cnnviz sessions (*.cnnviz);;JSON files (*.json)</source>
            <translation>cnnviz 세션 (*.cnnviz);;JSON 파일 (*.json)</translation>
        </message>
        <message>
            <source>Could not save the session to {path}: {error}</source>
            <translation>세션을 {path}에 저장할 수 없습니다: {error}</translation>
        </message>
        <message>
            <source>Session saved to {path}</source>
            <translation>세션을 {path}에 저장했습니다</translation>
        </message>
        <message>
            <source>Open session</source>
            <translation>세션 열기</translation>
        </message>
        <message>
            <source>cnnviz sessions (*.cnnviz *.json);;All files (*)</source>
            <translation>cnnviz 세션 (*.cnnviz *.json);;모든 파일 (*)</translation>
        </message>
        <message>
            <source>The session could not be opened; nothing was changed.</source>
            <translation>세션을 열 수 없습니다. 아무것도 바뀌지 않았습니다.</translation>
        </message>
        <message>
            <source>Session opened from {path}</source>
            <translation>{path}에서 세션을 열었습니다</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>설정</translation>
        </message>
        <message>
            <source>System default</source>
            <translation>시스템 기본값</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>언어(&amp;L):</translation>
        </message>
        <message>
            <source>&amp;Theme:</source>
            <translation>테마(&amp;T):</translation>
        </message>
        <message>
            <source>&amp;Zoom:</source>
            <translation>확대 배율(&amp;Z):</translation>
        </message>
        <message>
            <source>Restart to change the language</source>
            <translation>언어를 바꾸려면 다시 시작</translation>
        </message>
        <message>
            <source>The new language is used after cnnviz restarts. Your drawing, kernels and lab position are kept. Restart now?</source>
            <translation>새 언어는 cnnviz를 다시 시작한 뒤에 적용됩니다. 그림, 커널, 실습 위치는 그대로 유지됩니다. 지금 다시 시작할까요?</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Window</source>
            <translation>창</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>단축키</translation>
        </message>
        <message>
            <source>Filter…</source>
            <translation>검색…</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>동작</translation>
        </message>
        <message>
            <source>Shortcut</source>
            <translation>단축키</translation>
        </message>
    </context>
    <context>
        <name>StepControls</name>
        <message>
            <source>%1 steps/s</source>
            <translation>초당 %1단계</translation>
        </message>
        <message>
            <source>step %1 of %2</source>
            <translation>%2단계 중 %1</translation>
        </message>
    </context>
    <context>
        <name>Theme</name>
        <message>
            <source>Light</source>
            <translation>밝게</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>어둡게</translation>
        </message>
        <message>
            <source>High contrast</source>
            <translation>고대비</translation>
        </message>
    </context>
</TS>
