<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>App</name>
    <message>
        <source>Chi bộ số</source>
        <translation>Chi bộ số</translation>
    </message>
</context>
<context>
    <name>AttendanceModel</name>
    <message>
        <source> · tạm thời</source>
        <translation> · temporary</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Có
mặt</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Vắng
có
lý do</source>
        <translation>Absent
with
reason</translation>
    </message>
    <message>
        <source>Vắng
không
lý do</source>
        <translation>Absent
without
reason</translation>
    </message>
    <message>
        <source> (đã chọn)</source>
        <translation> (chosen)</translation>
    </message>
</context>
<context>
    <name>AttendancePanel</name>
    <message>
        <source>Ốm</source>
        <translation>Ill</translation>
    </message>
    <message>
        <source>Đi công tác</source>
        <translation>On a work trip</translation>
    </message>
    <message>
        <source>Việc gia đình</source>
        <translation>Family matters</translation>
    </message>
    <message>
        <source>Đi khám bệnh</source>
        <translation>Medical appointment</translation>
    </message>
    <message>
        <source>Đi làm xa</source>
        <translation>Working away</translation>
    </message>
    <message>
        <source>Điểm danh</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Đánh dấu tất cả có mặt</source>
        <translation>Mark everyone present</translation>
    </message>
    <message>
        <source>Đánh dấu có mặt mọi người chưa điểm danh, trừ người được miễn sinh hoạt hoặc đang bị đình chỉ (không bắt buộc dự). Những người đã điểm danh giữ nguyên.</source>
        <translation>Marks present everyone not marked yet, except members exempt from activities or suspended (not required to attend). Marks already made are kept.</translation>
    </message>
    <message>
        <source>Có mặt {present}/{total} · vắng có lý do {excused} · vắng không lý do {unexcused} · chưa điểm danh {unmarked}</source>
        <translation>Present {present}/{total} · absent with reason {excused} · absent without reason {unexcused} · not marked {unmarked}</translation>
    </message>
    <message>
        <source> · không bắt buộc dự {n}</source>
        <translation> · not required to attend {n}</translation>
    </message>
    <message>
        <source>Vắng có lý do</source>
        <translation>Absent with reason</translation>
    </message>
    <message>
        <source>Lý do vắng của {name}:</source>
        <translation>Reason {name} was absent:</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConnectBox</name>
    <message>
        <source>Kết nối chi bộ với máy chủ</source>
        <translation>Connect the cell to a server</translation>
    </message>
    <message>
        <source>Mã chi bộ</source>
        <translation>Cell id</translation>
    </message>
    <message>
        <source>Mã chi bộ:</source>
        <translation>Cell id:</translation>
    </message>
    <message>
        <source>Sao chép</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Sao chép mã chi bộ</source>
        <translation>Copy the cell id</translation>
    </message>
    <message>
        <source>Gửi mã chi bộ dưới đây cho quản trị máy chủ của cấp trên. Họ thêm chi bộ với đúng mã này và cho bạn địa chỉ máy chủ, tên đăng nhập, mã kích hoạt. Lần đồng bộ đầu tiên gửi toàn bộ sổ sách của chi bộ lên máy chủ.</source>
        <translation>Send the cell id below to the upper level&apos;s server administrator. They add the cell under exactly this id and give you the server address, a user name and an activation code. The first sync sends all the cell&apos;s records to the server.</translation>
    </message>
</context>
<context>
    <name>DuesModel</name>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Đối tượng</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Cách tính</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Phải đóng</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Đã đóng</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Còn nợ</source>
        <translation>Owed</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Được miễn</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <source>Giảm {p}%</source>
        <translation>Reduced {p}%</translation>
    </message>
</context>
<context>
    <name>DuesPage</name>
    <message>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Tháng {m}</source>
        <translation>Month {m}</translation>
    </message>
    <message>
        <source>Chỉ hiện người còn nợ</source>
        <translation>Only members who owe</translation>
    </message>
    <message>
        <source>Bảng đảng phí của tháng</source>
        <translation>Dues sheet of the month</translation>
    </message>
    <message>
        <source>Ghi nhận nộp…</source>
        <translation>Record payment…</translation>
    </message>
    <message>
        <source>Ghi nhận nộp đảng phí cho người đang chọn (Enter)</source>
        <translation>Record a dues payment for the chosen member (Enter)</translation>
    </message>
    <message>
        <source>Đảo bút toán…</source>
        <translation>Reverse entry…</translation>
    </message>
    <message>
        <source>Thiết lập đảng phí…</source>
        <translation>Dues settings…</translation>
    </message>
    <message>
        <source>Tổng cộng tháng</source>
        <translation>Month totals</translation>
    </message>
    <message>
        <source>Đảng viên 3 tháng trở lên chưa đóng trong năm: chi bộ cần xem xét</source>
        <translation>Members with 3 or more unpaid months this year: the cell must consider their case</translation>
    </message>
    <message>
        <source>Sổ thu đảng phí của tháng</source>
        <translation>Dues ledger of the month</translation>
    </message>
    <message>
        <source>Tháng:</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>Bảng đảng phí tháng</source>
        <translation>Dues sheet</translation>
    </message>
    <message>
        <source>Sổ thu trong tháng</source>
        <translation>Ledger of the month</translation>
    </message>
    <message>
        <source>Đảng phí</source>
        <translation>Dues</translation>
    </message>
    <message>
        <source>Phải thu:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <source>Đã thu:</source>
        <translation>Collected:</translation>
    </message>
    <message>
        <source>Còn nợ:</source>
        <translation>Owed:</translation>
    </message>
    <message>
        <source>Chi bộ giữ lại ({p}%):</source>
        <translation>Kept by the cell ({p}%):</translation>
    </message>
    <message>
        <source>Nộp cấp trên:</source>
        <translation>Remitted upward:</translation>
    </message>
    <message>
        <source>Cần xem xét:</source>
        <translation>To consider:</translation>
    </message>
    <message>
        <source>Áp dụng: {source}.</source>
        <translation>Rule applied: {source}.</translation>
    </message>
    <message>
        <source>Tỷ lệ giữ lại {p}% là giá trị mặc định theo QĐ 342 (chưa tìm thấy tỷ lệ của quy định mới); chi bộ đổi được trong “Thiết lập đảng phí”.</source>
        <translation>The {p}% share kept by the cell is the default from QĐ 342 (the new regulation&apos;s share was not found); the cell can change it in “Dues settings”.</translation>
    </message>
    <message>
        <source>Sổ thu trong tháng ({n} khoản)</source>
        <translation>Ledger of the month ({n} entries)</translation>
    </message>
    <message>
        <source>Chọn một người để xem cách tính và ghi nhận nộp.</source>
        <translation>Choose a member to see the working and record a payment.</translation>
    </message>
    <message>
        <source>{name} ({category}): {formula} — phải đóng {due}, đã đóng {paid}.</source>
        <translation>{name} ({category}): {formula} — due {due}, paid {paid}.</translation>
    </message>
</context>
<context>
    <name>DuesSettingsDialog</name>
    <message>
        <source>Thiết lập đảng phí</source>
        <translation>Dues settings</translation>
    </message>
    <message>
        <source>Quy định áp dụng cho tháng {m}: &lt;b&gt;{source}&lt;/b&gt;</source>
        <translation>Regulation in force for {m}: &lt;b&gt;{source}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>đang dùng giá trị mặc định {v}</source>
        <translation>using the default value {v}</translation>
    </message>
    <message>
        <source>quy định mới chưa nêu giá trị này</source>
        <translation>the new regulation does not give this value</translation>
    </message>
    <message>
        <source>MM/yyyy</source>
        <translation>MM/yyyy</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa lưu: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not saved: please correct the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>EnrollForm</name>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Ví dụ: https://chibo.tinh.gov.vn</source>
        <translation>For example: https://chibo.tinh.gov.vn</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mã kích hoạt (dùng một lần)</source>
        <translation>Activation code (one-time)</translation>
    </message>
    <message>
        <source>Để trống, trừ khi cấp trên đưa tệp này</source>
        <translation>Leave empty unless the upper level gave you this file</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Tệp chứng chỉ của đơn vị</source>
        <translation>Organisation&apos;s certificate file</translation>
    </message>
    <message>
        <source>Đang kết nối</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
</context>
<context>
    <name>FirstStartWizard</name>
    <message>
        <source>Chi bộ thôn, tổ dân phố</source>
        <translation>Village or residential group cell</translation>
    </message>
    <message>
        <source>Chi bộ cơ quan</source>
        <translation>Agency cell</translation>
    </message>
    <message>
        <source>Chi bộ doanh nghiệp</source>
        <translation>Enterprise cell</translation>
    </message>
    <message>
        <source>Chi bộ trường học</source>
        <translation>School cell</translation>
    </message>
    <message>
        <source>Chi bộ lực lượng vũ trang</source>
        <translation>Armed forces cell</translation>
    </message>
    <message>
        <source>Loại khác</source>
        <translation>Other kind</translation>
    </message>
    <message>
        <source>Chi bộ số — bắt đầu</source>
        <translation>Chi bộ số — getting started</translation>
    </message>
    <message>
        <source>Chào mừng đến với Chi bộ số</source>
        <translation>Welcome to Chi bộ số</translation>
    </message>
    <message>
        <source>Sổ sách chi bộ trên máy tính: đảng viên, sinh hoạt, biên bản, đảng phí. Làm việc được cả khi không có mạng. Hãy chọn cách bắt đầu:</source>
        <translation>Your cell&apos;s records on the computer: members, meetings, minutes, dues. Works without a network too. Choose how to start:</translation>
    </message>
    <message>
        <source>Tạo hồ sơ cho chi bộ của tôi</source>
        <translation>Set up my cell</translation>
    </message>
    <message>
        <source>Làm việc trên máy này, không cần mạng.</source>
        <translation>Work on this computer, no network needed.</translation>
    </message>
    <message>
        <source>Dùng thử với chi bộ mẫu</source>
        <translation>Try it with the demo cell</translation>
    </message>
    <message>
        <source>30 đảng viên và một năm sinh hoạt, đảng phí để tập dùng.</source>
        <translation>30 members and a year of meetings and dues to practise on.</translation>
    </message>
    <message>
        <source>Kết nối với máy chủ của cấp trên</source>
        <translation>Connect to the upper level&apos;s server</translation>
    </message>
    <message>
        <source>Khi đã có địa chỉ máy chủ, tên đăng nhập và mã kích hoạt.</source>
        <translation>When you have the server address, a user name and an activation code.</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Ví dụ: Chi bộ Thôn Đông</source>
        <translation>For example: Chi bộ Thôn Đông</translation>
    </message>
    <message>
        <source>Ví dụ: Đảng bộ xã Gia Vân</source>
        <translation>For example: Đảng bộ xã Gia Vân</translation>
    </message>
    <message>
        <source>MM/yyyy</source>
        <translation>MM/yyyy</translation>
    </message>
    <message>
        <source>Thường là tháng này. Các tháng trước đó không bị tính là chưa đóng đảng phí.</source>
        <translation>Usually this month. Earlier months are not counted as dues unpaid.</translation>
    </message>
    <message>
        <source>Máy này không có kho khóa của hệ điều hành: dữ liệu sẽ được mã hóa bằng mật khẩu bạn đặt. Hãy ghi nhớ mật khẩu; mất mật khẩu là mất dữ liệu.</source>
        <translation>This computer has no operating-system key store: the data will be encrypted with a passphrase you set. Remember it; a lost passphrase means lost data.</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu (ít nhất 8 ký tự)</source>
        <translation>Data passphrase (at least 8 characters)</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Tạo hồ sơ</source>
        <translation>Create profile</translation>
    </message>
    <message>
        <source>Kết nối với máy chủ</source>
        <translation>Connect to a server</translation>
    </message>
    <message>
        <source>Cấp ủy cấp trên cho bạn địa chỉ máy chủ, tên đăng nhập và một mã kích hoạt. Sau khi kết nối, dữ liệu của chi bộ sẽ được tải về máy này.</source>
        <translation>The upper level gives you the server address, a user name and an activation code. Once connected, the cell&apos;s records are downloaded to this computer.</translation>
    </message>
    <message>
        <source>Chi bộ mẫu để tập dùng</source>
        <translation>Demo cell to practise on</translation>
    </message>
    <message>
        <source>Thông tin chi bộ</source>
        <translation>About the cell</translation>
    </message>
    <message>
        <source>Tạo chi bộ mẫu</source>
        <translation>Create the demo cell</translation>
    </message>
    <message>
        <source>Mật khẩu phải có ít nhất 8 ký tự.</source>
        <translation>The passphrase must have at least 8 characters.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passphrases are not the same.</translation>
    </message>
</context>
<context>
    <name>FirstSyncDialog</name>
    <message>
        <source>Chi bộ số — tải dữ liệu</source>
        <translation>Chi bộ số — downloading</translation>
    </message>
    <message>
        <source>Tiến độ tải dữ liệu</source>
        <translation>Download progress</translation>
    </message>
    <message>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Bắt đầu lại…</source>
        <translation>Start again…</translation>
    </message>
    <message>
        <source>Bỏ kết nối này và mở lại màn hình bắt đầu (máy này chưa có dữ liệu gì)</source>
        <translation>Drop this connection and open the start screen again (this computer holds no data yet)</translation>
    </message>
    <message>
        <source>Tải dữ liệu chi bộ từ máy chủ</source>
        <translation>Downloading the cell&apos;s records from the server</translation>
    </message>
    <message>
        <source>Máy này đã kết nối với máy chủ {url}. Đang tải danh sách đảng viên, sinh hoạt và đảng phí của chi bộ; mạng chậm thì có thể mất vài phút. Nếu mất mạng, phần đã tải được giữ lại và lần sau tải tiếp.</source>
        <translation>This computer is connected to the server {url}. Downloading the cell&apos;s members, meetings and dues; on a slow link this can take a few minutes. If the link drops, what arrived is kept and the next try goes on from there.</translation>
    </message>
    <message>
        <source>Máy chủ chưa có dữ liệu chi bộ nào cho tài khoản này. Hãy báo cấp ủy cấp trên kiểm tra tài khoản, rồi bấm “Thử lại”.</source>
        <translation>The server holds no cell for this account yet. Ask the upper level to check the account, then press “Try again”.</translation>
    </message>
    <message>
        <source>Chưa tải xong: {reason}
Bấm “Thử lại” khi có mạng.</source>
        <translation>Not finished: {reason}
Press “Try again” when the link is back.</translation>
    </message>
    <message>
        <source>Bắt đầu lại</source>
        <translation>Start again</translation>
    </message>
    <message>
        <source>Bỏ kết nối với máy chủ này và quay lại màn hình bắt đầu? Máy này chưa có dữ liệu gì của chi bộ nên không mất gì; để kết nối lại cần một mã kích hoạt mới.</source>
        <translation>Drop the connection to this server and go back to the start screen? This computer holds none of the cell&apos;s data yet, so nothing is lost; connecting again needs a new activation code.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Nhập danh sách đảng viên từ Excel/CSV</source>
        <translation>Import the member list from Excel/CSV</translation>
    </message>
    <message>
        <source>Đường dẫn tệp danh sách</source>
        <translation>Path of the list file</translation>
    </message>
    <message>
        <source>Tệp .xlsx hoặc .csv</source>
        <translation>An .xlsx or .csv file</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Kiểm tra tệp</source>
        <translation>Check file</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách. Chương trình kiểm tra từng dòng trước; chỉ khi mọi dòng đều hợp lệ mới nhập, và nhập tất cả cùng lúc.</source>
        <translation>Choose the list file. Every row is checked first; members are imported only when every row is valid, and all at once.</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Tiêu đề trong tệp</source>
        <translation>Heading in the file</translation>
    </message>
    <message>
        <source>Ghi vào mục</source>
        <translation>Goes into</translation>
    </message>
    <message>
        <source>Các cột đã nhận</source>
        <translation>Columns recognised</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Mục</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Giá trị trong tệp</source>
        <translation>Value in the file</translation>
    </message>
    <message>
        <source>Lỗi theo dòng</source>
        <translation>Problems by row</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Các dòng bỏ qua</source>
        <translation>Rows skipped</translation>
    </message>
    <message>
        <source>Các cột</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Dòng bỏ qua</source>
        <translation>Rows skipped</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách đảng viên</source>
        <translation>Choose the member list file</translation>
    </message>
    <message>
        <source>Danh sách (*.xlsx *.csv)</source>
        <translation>Member lists (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Đang đọc và kiểm tra tệp…</source>
        <translation>Reading and checking the file…</translation>
    </message>
    <message>
        <source>(bỏ qua: số thứ tự)</source>
        <translation>(ignored: row number)</translation>
    </message>
    <message>
        <source>(không dùng)</source>
        <translation>(not used)</translation>
    </message>
    <message>
        <source>Lỗi ({n})</source>
        <translation>Problems ({n})</translation>
    </message>
    <message>
        <source>Tệp hợp lệ: {n} đảng viên sẵn sàng để nhập. Xem lại các cột rồi bấm “Nhập”.</source>
        <translation>The file is valid: {n} members are ready to import. Check the columns, then press “Import”.</translation>
    </message>
    <message>
        <source>Nhập {n} đảng viên</source>
        <translation>Import {n} members</translation>
    </message>
    <message>
        <source>Có {n} lỗi, chưa nhập gì. Hãy sửa các dòng trong tệp rồi bấm “Kiểm tra tệp” lại.</source>
        <translation>{n} problem(s), nothing imported. Correct those rows in the file, then press “Check file” again.</translation>
    </message>
    <message>
        <source>Đã thêm {n} đảng viên.</source>
        <translation>Added {n} members.</translation>
    </message>
    <message>
        <source>Có lỗi, chưa nhập gì.</source>
        <translation>There were problems; nothing was imported.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Dự bị</source>
        <translation>Probationary</translation>
    </message>
    <message>
        <source>Chính thức</source>
        <translation>Official</translation>
    </message>
    <message>
        <source>Miễn sinh hoạt</source>
        <translation>Exempt from activities</translation>
    </message>
    <message>
        <source>Đình chỉ sinh hoạt</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Đã chuyển đi</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>Từ trần</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>Đã xóa tên</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>Hưởng lương (BHXH)</source>
        <translation>Salaried (social insurance)</translation>
    </message>
    <message>
        <source>Hưu trí</source>
        <translation>Pensioner</translation>
    </message>
    <message>
        <source>Học sinh, sinh viên</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Đối tượng khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Cổng dịch vụ công</source>
        <translation>Public service portal</translation>
    </message>
    <message>
        <source>Có mặt</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Vắng có lý do</source>
        <translation>Absent with reason</translation>
    </message>
    <message>
        <source>Vắng không lý do</source>
        <translation>Absent without reason</translation>
    </message>
    <message>
        <source>Chưa điểm danh</source>
        <translation>Not marked</translation>
    </message>
    <message>
        <source>Thường kỳ</source>
        <translation>Regular</translation>
    </message>
    <message>
        <source>Chuyên đề</source>
        <translation>Thematic</translation>
    </message>
    <message>
        <source>Thường kỳ kết hợp chuyên đề</source>
        <translation>Regular and thematic combined</translation>
    </message>
    <message>
        <source>Bất thường</source>
        <translation>Extraordinary</translation>
    </message>
    <message>
        <source>thường kỳ</source>
        <translation>regular</translation>
    </message>
    <message>
        <source>chuyên đề</source>
        <translation>thematic</translation>
    </message>
    <message>
        <source>thường kỳ + chuyên đề</source>
        <translation>regular + thematic</translation>
    </message>
    <message>
        <source>bất thường</source>
        <translation>extraordinary</translation>
    </message>
    <message>
        <source>Hưởng lương</source>
        <translation>Salaried</translation>
    </message>
    <message>
        <source>HS, SV</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>⚠ nợ từ 3 tháng</source>
        <translation>⚠ 3+ months owed</translation>
    </message>
    <message>
        <source>Sinh hoạt tạm thời</source>
        <translation>Temporarily attached</translation>
    </message>
    <message>
        <source>Thiếu mức lương</source>
        <translation>Salary base missing</translation>
    </message>
    <message>
        <source>Rời chi bộ sau tháng này</source>
        <translation>Leaves the cell after this month</translation>
    </message>
    <message>
        <source>Ngoài danh sách tháng này</source>
        <translation>Not on this month&apos;s roll</translation>
    </message>
    <message>
        <source>Bình thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Lớn</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>Rất lớn</source>
        <translation>Extra large</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <source>Đảo: {reason}</source>
        <translation>Reversal: {reason}</translation>
    </message>
    <message>
        <source>Ngày nộp</source>
        <translation>Paid on</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Hình thức</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Biên lai</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Đảng viên</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Sinh hoạt</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>Đảng phí</source>
        <translation>Dues</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Chi bộ số — {cell}</source>
        <translation>Chi bộ số — {cell}</translation>
    </message>
    <message>
        <source>Các trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>{page} (Ctrl+{n})</source>
        <translation>{page} (Ctrl+{n})</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Mới…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>Thêm đảng viên, buổi sinh hoạt hoặc khoản nộp, tùy trang đang mở</source>
        <translation>Add a member, a meeting or a payment, depending on the page open</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Nhập danh sách đảng viên…</source>
        <translation>Import member list…</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Đi &amp;đến</source>
        <translation>&amp;Go to</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>&amp;Hiển thị</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Cỡ chữ</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>Chữ to hơn</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>Chữ nhỏ hơn</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>Ngôn ngữ / Language</source>
        <translation>Ngôn ngữ / Language</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Phím tắt</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Chuyển trang</source>
        <translation>Switch page</translation>
    </message>
    <message>
        <source>Thêm mới trên trang đang mở</source>
        <translation>Add something new on the page open</translation>
    </message>
    <message>
        <source>Tìm đảng viên</source>
        <translation>Find a member</translation>
    </message>
    <message>
        <source>Nhập danh sách đảng viên</source>
        <translation>Import the member list</translation>
    </message>
    <message>
        <source>Lưu biên bản</source>
        <translation>Save the minutes</translation>
    </message>
    <message>
        <source>Sửa người đang chọn / ghi nhận nộp đảng phí</source>
        <translation>Edit the chosen member / record a dues payment</translation>
    </message>
    <message>
        <source>Chữ to hơn / nhỏ hơn</source>
        <translation>Larger / smaller text</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <source>Buổi sinh hoạt mới</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Loại buổi sinh hoạt</source>
        <translation>Kind of meeting</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ví dụ: 8:00</source>
        <translation>For example: 8:00</translation>
    </message>
    <message>
        <source>Ví dụ: 9:45</source>
        <translation>For example: 9:45</translation>
    </message>
    <message>
        <source>Mỗi nội dung một dòng</source>
        <translation>One item per line</translation>
    </message>
    <message>
        <source>Nội dung sinh hoạt</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Tạo buổi sinh hoạt</source>
        <translation>Create meeting</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa tạo: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not created: please correct the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>MeetingEditor</name>
    <message>
        <source>Thông qua biên bản…</source>
        <translation>Adopt the minutes…</translation>
    </message>
    <message>
        <source>Sau khi thông qua, biên bản bị khóa, không sửa được nữa</source>
        <translation>After adoption the minutes are locked and cannot be changed</translation>
    </message>
    <message>
        <source>Thông tin chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Điểm danh</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Biên bản</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Loại buổi sinh hoạt</source>
        <translation>Kind of meeting</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ví dụ: 8:00</source>
        <translation>For example: 8:00</translation>
    </message>
    <message>
        <source>Ví dụ: 9:45</source>
        <translation>For example: 9:45</translation>
    </message>
    <message>
        <source>Lưu thông tin</source>
        <translation>Save details</translation>
    </message>
    <message>
        <source>Nội dung sinh hoạt</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Nội dung mới</source>
        <translation>New agenda item</translation>
    </message>
    <message>
        <source>Nội dung mới…</source>
        <translation>New agenda item…</translation>
    </message>
    <message>
        <source>Thêm nội dung</source>
        <translation>Add item</translation>
    </message>
    <message>
        <source>Xóa nội dung đã chọn</source>
        <translation>Remove chosen item</translation>
    </message>
    <message>
        <source>{kind} ngày {date}</source>
        <translation>{kind} meeting of {date}</translation>
    </message>
    <message>
        <source>Biên bản đã được thông qua ngày {date} và đã khóa: chỉ xem, không sửa được.</source>
        <translation>The minutes were adopted on {date} and are locked: read only, they cannot be changed.</translation>
    </message>
    <message>
        <source>Chưa lưu: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not saved: please correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Thông qua biên bản</source>
        <translation>Adopt the minutes</translation>
    </message>
    <message>
        <source>Thông qua biên bản buổi sinh hoạt ngày {date}?

Sau khi thông qua, biên bản, điểm danh và nội dung bị khóa và không sửa được nữa.</source>
        <translation>Adopt the minutes of the meeting of {date}?

After adoption the minutes, the attendance and the agenda are locked and cannot be changed.</translation>
    </message>
    <message>
        <source>Thông qua</source>
        <translation>Adopt</translation>
    </message>
    <message>
        <source>Chưa thông qua được</source>
        <translation>Could not adopt yet</translation>
    </message>
    <message>
        <source>Biên bản còn thiếu, chưa thông qua:

{lines}</source>
        <translation>The minutes are not complete yet:

{lines}</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Buổi sinh hoạt mới</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Buổi sinh hoạt mới (Ctrl+N)</source>
        <translation>New meeting (Ctrl+N)</translation>
    </message>
    <message>
        <source>Các buổi sinh hoạt theo tháng</source>
        <translation>Meetings by month</translation>
    </message>
    <message>
        <source>Năm:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>Sinh hoạt chi bộ</source>
        <translation>Cell meetings</translation>
    </message>
    <message>
        <source>⚠ Quý {q}/{y}: chưa có chuyên đề</source>
        <translation>⚠ Q{q}/{y}: no thematic meeting</translation>
    </message>
    <message>
        <source>Mỗi quý cần ít nhất một buổi sinh hoạt chuyên đề.</source>
        <translation>Each quarter needs at least one thematic meeting.</translation>
    </message>
    <message>
        <source>Tháng {month}</source>
        <translation>Month {month}</translation>
    </message>
    <message>
        <source>⚠ Tháng {month}: chưa họp thường kỳ</source>
        <translation>⚠ Month {month}: no regular meeting</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>✎ chưa thông qua</source>
        <translation>✎ not adopted</translation>
    </message>
    <message>
        <source>Biên bản đã thông qua</source>
        <translation>Minutes adopted</translation>
    </message>
    <message>
        <source>Biên bản chưa thông qua</source>
        <translation>Minutes not adopted</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Sửa thông tin đảng viên</source>
        <translation>Edit member</translation>
    </message>
    <message>
        <source>Thêm đảng viên</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Thông tin cá nhân</source>
        <translation>Personal details</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>Đảng tịch</source>
        <translation>Party membership</translation>
    </message>
    <message>
        <source>Để trống nếu còn là đảng viên dự bị</source>
        <translation>Leave empty while still probationary</translation>
    </message>
    <message>
        <source>Sinh hoạt tạm thời ở chi bộ này</source>
        <translation>Temporarily attached to this cell</translation>
    </message>
    <message>
        <source>Đảng phí</source>
        <translation>Dues</translation>
    </message>
    <message>
        <source>Ví dụ: 5.000.000</source>
        <translation>For example: 5.000.000</translation>
    </message>
    <message>
        <source>Hưởng trợ cấp hưu trí xã hội</source>
        <translation>On the social pension</translation>
    </message>
    <message>
        <source>Chưa lưu: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not saved: please correct the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>National ID</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ngày vào Đảng</source>
        <translation>Admitted on</translation>
    </message>
    <message>
        <source>Đối tượng đảng phí</source>
        <translation>Dues category</translation>
    </message>
    <message>
        <source> · tạm thời</source>
        <translation> · temporary</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <source>Đang sinh hoạt</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Tìm theo tên, số CCCD hoặc số thẻ (gõ không dấu cũng được)</source>
        <translation>Search by name, national ID or card number (marks not needed)</translation>
    </message>
    <message>
        <source>Tìm đảng viên</source>
        <translation>Find a member</translation>
    </message>
    <message>
        <source>Lọc theo tình trạng</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>Danh sách đảng viên</source>
        <translation>Member list</translation>
    </message>
    <message>
        <source>Thêm đảng viên</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>Thêm đảng viên (Ctrl+N)</source>
        <translation>Add member (Ctrl+N)</translation>
    </message>
    <message>
        <source>Sửa thông tin</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Đổi tình trạng…</source>
        <translation>Change status…</translation>
    </message>
    <message>
        <source>Nhập từ Excel/CSV…</source>
        <translation>Import from Excel/CSV…</translation>
    </message>
    <message>
        <source>Nhập danh sách đảng viên (Ctrl+I)</source>
        <translation>Import the member list (Ctrl+I)</translation>
    </message>
    <message>
        <source>Xóa (nhập nhầm)</source>
        <translation>Delete (entered by mistake)</translation>
    </message>
    <message>
        <source>Chỉ dùng cho hồ sơ nhập nhầm. Đảng viên chuyển đi hay từ trần: dùng “Đổi tình trạng”.</source>
        <translation>Only for a record entered by mistake. A member who transferred out or died: use “Change status”.</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Coming deadlines</translation>
    </message>
    <message>
        <source>Sắp đến hạn (xét chính thức, chuyển sinh hoạt)</source>
        <translation>Coming deadlines (probation reviews, transfers)</translation>
    </message>
    <message>
        <source>Tình trạng:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Đảng viên</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Đang hiện {shown} trong {total} hồ sơ</source>
        <translation>Showing {shown} of {total} records</translation>
    </message>
    <message>
        <source>{name}: hết dự bị ngày {end}; chi bộ xét công nhận chính thức trước {due}</source>
        <translation>{name}: probation ends {end}; the cell reviews official membership by {due}</translation>
    </message>
    <message>
        <source>{name}: chuyển đi ngày {end}; giấy giới thiệu phải nộp nơi đến trước {due}</source>
        <translation>{name}: transferred out {end}; the introduction letter must reach the new cell by {due}</translation>
    </message>
    <message>
        <source>QUÁ HẠN — </source>
        <translation>OVERDUE — </translation>
    </message>
    <message>
        <source>Không có hạn nào trong 60 ngày tới.</source>
        <translation>No deadlines in the next 60 days.</translation>
    </message>
    <message>
        <source>Xóa hồ sơ nhập nhầm</source>
        <translation>Delete a record entered by mistake</translation>
    </message>
    <message>
        <source>Xóa hồ sơ của {name}?

Chỉ làm việc này khi hồ sơ được nhập nhầm. Đảng viên chuyển đi, từ trần hay bị xóa tên thì dùng “Đổi tình trạng” để giữ lịch sử.</source>
        <translation>Delete the record of {name}?

Only do this when the record was entered by mistake. For a member who transferred out, died or was removed, use “Change status” to keep the history.</translation>
    </message>
    <message>
        <source>Xóa hồ sơ</source>
        <translation>Delete record</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đã có lỗi không mong muốn; dữ liệu không bị thay đổi.

Chi tiết kỹ thuật: {detail}</source>
        <translation>Something unexpected went wrong; the data was not changed.

Technical detail: {detail}</translation>
    </message>
    <message>
        <source>Chưa làm được</source>
        <translation>Could not do that</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>MinutesForm</name>
    <message>
        <source>Bỏ bản nháp</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>Lưu biên bản</source>
        <translation>Save the minutes</translation>
    </message>
    <message>
        <source>Lưu biên bản (Ctrl+S)</source>
        <translation>Save the minutes (Ctrl+S)</translation>
    </message>
    <message>
        <source>1. Thời gian, địa điểm, thành phần</source>
        <translation>1. Time, place, participants</translation>
    </message>
    <message>
        <source>2. Nội dung và ý kiến thảo luận</source>
        <translation>2. Agenda and discussion</translation>
    </message>
    <message>
        <source>3. Kết luận của đồng chí chủ trì</source>
        <translation>3. Conclusion of the chair</translation>
    </message>
    <message>
        <source>4. Nghị quyết và biểu quyết</source>
        <translation>4. Resolution and vote</translation>
    </message>
    <message>
        <source>Tán thành</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Không tán thành</source>
        <translation>Against</translation>
    </message>
    <message>
        <source>Không biểu quyết</source>
        <translation>Abstained</translation>
    </message>
    <message>
        <source>Đang hiện bản nháp chưa lưu (tự lưu lúc {time}). Bấm “Lưu biên bản” để ghi vào biên bản, hoặc “Bỏ bản nháp” để trở lại bản đã lưu.</source>
        <translation>Showing an unsaved draft (saved automatically at {time}). Press “Save the minutes” to keep it in the minutes, or “Discard draft” to go back to the saved version.</translation>
    </message>
    <message>
        <source>Ý kiến thảo luận về nội dung {n}</source>
        <translation>Discussion of agenda item {n}</translation>
    </message>
    <message>
        <source>Ý kiến của từng đồng chí phát biểu…</source>
        <translation>What each comrade said…</translation>
    </message>
    <message>
        <source>Chưa có nội dung sinh hoạt: thêm ở thẻ “Thông tin chung”.</source>
        <translation>No agenda yet: add items on the “General” tab.</translation>
    </message>
    <message>
        <source>Thời gian: {start}–{end} ngày {date}; địa điểm: {place}.</source>
        <translation>Time: {start}–{end} on {date}; place: {place}.</translation>
    </message>
    <message>
        <source>Chủ trì: {chair}. Thư ký: {taker}. Khách mời: {guests}.</source>
        <translation>Chair: {chair}. Minute-taker: {taker}. Guests: {guests}.</translation>
    </message>
    <message>
        <source>không</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Tổng số đảng viên: {n} (chính thức {official}, dự bị {prob}, miễn sinh hoạt {exempt}, đình chỉ {susp}); sinh hoạt tạm thời: {att}.</source>
        <translation>Members: {n} (official {official}, probationary {prob}, exempt {exempt}, suspended {susp}); temporarily attached: {att}.</translation>
    </message>
    <message>
        <source>Có mặt: {n}.</source>
        <translation>Present: {n}.</translation>
    </message>
    <message>
        <source>Vắng có lý do ({n}): {names}.</source>
        <translation>Absent with reason ({n}): {names}.</translation>
    </message>
    <message>
        <source>Vắng không lý do ({n}): {names}.</source>
        <translation>Absent without reason ({n}): {names}.</translation>
    </message>
    <message>
        <source>Chưa điểm danh: {n} đảng viên.</source>
        <translation>Not marked: {n} members.</translation>
    </message>
    <message>
        <source>Đảng viên có quyền biểu quyết: {eligible}, có mặt {present}. Nghị quyết được thông qua khi có trên một nửa tán thành, tức ít nhất {needed} phiếu.</source>
        <translation>Members entitled to vote: {eligible}, present {present}. The resolution passes with more than half in favour, that is at least {needed} votes.</translation>
    </message>
    <message>
        <source>Với {n} phiếu tán thành: NGHỊ QUYẾT ĐƯỢC THÔNG QUA.</source>
        <translation>With {n} votes for: THE RESOLUTION PASSES.</translation>
    </message>
    <message>
        <source>Với {n} phiếu tán thành: CHƯA ĐỦ để thông qua.</source>
        <translation>With {n} votes for: NOT ENOUGH to pass.</translation>
    </message>
    <message>
        <source>Tổng số phiếu ({cast}) nhiều hơn số người có quyền biểu quyết đang có mặt ({present}).</source>
        <translation>The votes cast ({cast}) exceed the members present who may vote ({present}).</translation>
    </message>
    <message>
        <source>Đã tự lưu bản nháp lúc {time}</source>
        <translation>Draft saved automatically at {time}</translation>
    </message>
    <message>
        <source>Đã lưu biên bản.</source>
        <translation>Minutes saved.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Đã thu so với phải thu</source>
        <translation>Collected against due</translation>
    </message>
    <message>
        <source>Tỷ lệ có mặt 12 tháng</source>
        <translation>Attendance over 12 months</translation>
    </message>
    <message>
        <source>Đảng viên</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Xem danh sách</source>
        <translation>See the list</translation>
    </message>
    <message>
        <source>Sinh hoạt tháng này</source>
        <translation>This month&apos;s meeting</translation>
    </message>
    <message>
        <source>Mở sổ sinh hoạt</source>
        <translation>Open the meetings</translation>
    </message>
    <message>
        <source>Đảng phí tháng này</source>
        <translation>This month&apos;s dues</translation>
    </message>
    <message>
        <source>Mở bảng đảng phí</source>
        <translation>Open the dues sheet</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Coming deadlines</translation>
    </message>
    <message>
        <source>Xem đảng viên</source>
        <translation>See the members</translation>
    </message>
    <message>
        <source>Tỷ lệ đảng viên có mặt khi sinh hoạt, 12 tháng qua</source>
        <translation>Members present at meetings, last 12 months</translation>
    </message>
    <message>
        <source>Xem các buổi</source>
        <translation>See the meetings</translation>
    </message>
    <message>
        <source>{cell} — tháng {month}</source>
        <translation>{cell} — month {month}</translation>
    </message>
    <message>
        <source>Tổng số: &lt;b&gt;{total}&lt;/b&gt; đảng viên&lt;br&gt;{parts}&lt;br&gt;Sinh hoạt tạm thời (không tính vào tổng số): {attached}</source>
        <translation>Total: &lt;b&gt;{total}&lt;/b&gt; members&lt;br&gt;{parts}&lt;br&gt;Temporarily attached (not in the total): {attached}</translation>
    </message>
    <message>
        <source>{kind} ngày {date}: {state}</source>
        <translation>{kind} meeting of {date}: {state}</translation>
    </message>
    <message>
        <source>biên bản đã thông qua</source>
        <translation>minutes adopted</translation>
    </message>
    <message>
        <source>&lt;b&gt;biên bản chưa thông qua&lt;/b&gt;</source>
        <translation>&lt;b&gt;minutes not adopted&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chưa có buổi sinh hoạt nào trong tháng {month}.&lt;/b&gt;</source>
        <translation>&lt;b&gt;No meeting yet in {month}.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chưa có buổi sinh hoạt thường kỳ tháng này.&lt;/b&gt;</source>
        <translation>&lt;b&gt;No regular meeting this month yet.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Quý này chưa có buổi sinh hoạt chuyên đề.</source>
        <translation>No thematic meeting this quarter yet.</translation>
    </message>
    <message>
        <source>Đã thu &lt;b&gt;{collected}&lt;/b&gt; / phải thu {due}&lt;br&gt;Còn nợ: {owed}&lt;br&gt;Cần xem xét (3 tháng chưa đóng): {flagged} đảng viên</source>
        <translation>Collected &lt;b&gt;{collected}&lt;/b&gt; of {due} due&lt;br&gt;Owed: {owed}&lt;br&gt;To consider (3 months unpaid): {flagged} members</translation>
    </message>
    <message>
        <source>Không có hạn nào trong 60 ngày tới.</source>
        <translation>No deadlines in the next 60 days.</translation>
    </message>
    <message>
        <source>xét công nhận chính thức cho {name}</source>
        <translation>review official membership of {name}</translation>
    </message>
    <message>
        <source>{name} nộp giấy giới thiệu sinh hoạt</source>
        <translation>{name} presents the introduction letter</translation>
    </message>
    <message>
        <source>Trước {due}: {what}</source>
        <translation>By {due}: {what}</translation>
    </message>
    <message>
        <source>&lt;b&gt;QUÁ HẠN&lt;/b&gt; — </source>
        <translation>&lt;b&gt;OVERDUE&lt;/b&gt; — </translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Ghi nhận nộp đảng phí</source>
        <translation>Record a dues payment</translation>
    </message>
    <message>
        <source>Đảng viên: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Member: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Tháng {m}: còn nợ {owed}</source>
        <translation>Month {m}: owes {owed}</translation>
    </message>
    <message>
        <source>Tháng {m}: đóng trước {owed}</source>
        <translation>Month {m}: paying ahead {owed}</translation>
    </message>
    <message>
        <source>Nộp cho tháng</source>
        <translation>Paying for</translation>
    </message>
    <message>
        <source>Ví dụ: 50.000</source>
        <translation>For example: 50.000</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Lưu khoản nộp</source>
        <translation>Save payment</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa lưu: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not saved: please correct the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>ReverseDialog</name>
    <message>
        <source>Đảo bút toán (hủy khoản nộp ghi nhầm)</source>
        <translation>Reverse an entry (cancel a payment recorded by mistake)</translation>
    </message>
    <message>
        <source>Sổ đảng phí không xóa hay sửa khoản nào: khoản ghi nhầm được giữ lại, kèm một bút toán đảo với số tiền ngược dấu.</source>
        <translation>The dues ledger never deletes or edits an entry: the mistaken entry stays, with a reversing entry of the opposite amount.</translation>
    </message>
    <message>
        <source>Đảng viên: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Member: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Các khoản nộp</source>
        <translation>Payments</translation>
    </message>
    <message>
        <source>{day}: {amount} cho tháng {months} ({method}{receipt})</source>
        <translation>{day}: {amount} for {months} ({method}{receipt})</translation>
    </message>
    <message>
        <source>, biên lai {no}</source>
        <translation>, receipt {no}</translation>
    </message>
    <message>
        <source>Khoản cần đảo</source>
        <translation>Entry to reverse</translation>
    </message>
    <message>
        <source>Ví dụ: ghi nhầm số tiền</source>
        <translation>For example: wrong amount typed</translation>
    </message>
    <message>
        <source>Đảo bút toán</source>
        <translation>Reverse entry</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đảng viên này chưa có khoản nộp nào để đảo.</source>
        <translation>This member has no payment to reverse.</translation>
    </message>
    <message>
        <source>Chưa lưu: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not saved: please correct the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Tình trạng máy chủ</source>
        <translation>Server status</translation>
    </message>
    <message>
        <source>Xung đột cần xem xét</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <source>Chưa kết nối máy chủ</source>
        <translation>Not connected to a server</translation>
    </message>
    <message>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Không liên lạc được máy chủ</source>
        <translation>Server unreachable</translation>
    </message>
    <message>
        <source>Máy chủ: sẵn sàng</source>
        <translation>Server: ready</translation>
    </message>
    <message>
        <source>Chưa đồng bộ lần nào</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối: {time}</source>
        <translation>Last sync: {time}</translation>
    </message>
    <message>
        <source>Lần đồng bộ cuối bị lỗi ({time})</source>
        <translation>Last sync failed ({time})</translation>
    </message>
    <message numerus="yes">
        <source>%n mục chưa gửi lên máy chủ</source>
        <translation>
            <numerusform>%n record not yet sent to the server</numerusform>
            <numerusform>%n records not yet sent to the server</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã gửi hết lên máy chủ</source>
        <translation>Everything sent to the server</translation>
    </message>
    <message numerus="yes">
        <source>%n xung đột cần xem</source>
        <translation>
            <numerusform>%n conflict to review</numerusform>
            <numerusform>%n conflicts to review</numerusform>
        </translation>
    </message>
    <message>
        <source>Bấm để xem và chọn giá trị giữ lại</source>
        <translation>Click to see them and choose the value to keep</translation>
    </message>
    <message>
        <source>Không có xung đột</source>
        <translation>No conflicts</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Công nhận đảng viên chính thức</source>
        <translation>Recognise as official member</translation>
    </message>
    <message>
        <source>Chuyển sinh hoạt đi chi bộ khác</source>
        <translation>Transfer out to another cell</translation>
    </message>
    <message>
        <source>Chuyển đến / trở lại sinh hoạt tại chi bộ</source>
        <translation>Transferred in / back to this cell</translation>
    </message>
    <message>
        <source>Miễn sinh hoạt</source>
        <translation>Exempt from activities</translation>
    </message>
    <message>
        <source>Đình chỉ sinh hoạt</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Từ trần</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>Xóa tên</source>
        <translation>Removed from the party</translation>
    </message>
    <message>
        <source>Đổi tình trạng đảng viên</source>
        <translation>Change member status</translation>
    </message>
    <message>
        <source>Đảng viên: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Member: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Thay đổi</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ví dụ: 15-QĐ/ĐU</source>
        <translation>For example: 15-QĐ/ĐU</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa lưu: hãy sửa các ô có chữ đỏ.</source>
        <translation>Not saved: please correct the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Bản cài đặt này không có phần đồng bộ với máy chủ. Bạn vẫn làm việc đầy đủ trên máy này, không cần mạng.</source>
        <translation>This installation has no server sync. You can still do all your work on this computer, no network needed.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Đồng bộ ngay (Ctrl+Shift+S)</source>
        <translation>Sync now (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Tiến độ đồng bộ</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source> phút</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>Tự động đồng bộ sau mỗi số phút</source>
        <translation>Sync automatically every so many minutes</translation>
    </message>
    <message>
        <source>không tự động</source>
        <translation>not automatically</translation>
    </message>
    <message>
        <source>Chỉ đồng bộ khi liên lạc được với máy chủ; 0 là không tự động</source>
        <translation>Syncs only while the server can be reached; 0 means never automatically</translation>
    </message>
    <message>
        <source>Thay đổi bị máy chủ từ chối</source>
        <translation>Changes the server refused</translation>
    </message>
    <message>
        <source>Xung đột cần xem xét</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Mục</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Của máy này</source>
        <translation>This computer&apos;s</translation>
    </message>
    <message>
        <source>Từ máy khác</source>
        <translation>From the other device</translation>
    </message>
    <message>
        <source>Giữ giá trị này</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <source>Giữ giá trị của máy này</source>
        <translation>Keep this computer&apos;s value</translation>
    </message>
    <message>
        <source>Giữ giá trị từ máy khác</source>
        <translation>Keep the other device&apos;s value</translation>
    </message>
    <message>
        <source>Đồng bộ với máy chủ</source>
        <translation>Sync with the server</translation>
    </message>
    <message>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Tự động đồng bộ mỗi:</source>
        <translation>Sync automatically every:</translation>
    </message>
    <message>
        <source>Khi hai máy cùng sửa một mục lúc chưa đồng bộ, giá trị sửa sau được giữ và giá trị kia được lưu ở đây. Hãy chọn giá trị đúng; không có gì bị mất.</source>
        <translation>When two devices change the same field before syncing, the later change is kept and the other value is saved here. Choose the right one; nothing is lost.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chưa kết nối máy chủ.&lt;/b&gt; Chi bộ đang làm việc trên máy này, không cần mạng; mọi thay đổi được giữ an toàn và sẽ được gửi khi chi bộ được kết nối với máy chủ của cấp trên (ở trên).</source>
        <translation>&lt;b&gt;Not connected to a server.&lt;/b&gt; The cell works on this computer, no network needed; every change is kept safe and will be sent once the cell is connected to the upper level&apos;s server (above).</translation>
    </message>
    <message>
        <source>Đang đồng bộ với {url}…</source>
        <translation>Syncing with {url}…</translation>
    </message>
    <message>
        <source>Máy chủ: {url}</source>
        <translation>Server: {url}</translation>
    </message>
    <message>
        <source>Chưa đồng bộ lần nào.</source>
        <translation>Never synced.</translation>
    </message>
    <message>
        <source>Lần đồng bộ lúc {time} đã dừng theo yêu cầu; phần còn lại sẽ gửi lần sau.</source>
        <translation>The sync at {time} was stopped on request; the rest goes next time.</translation>
    </message>
    <message>
        <source>Đồng bộ xong lúc {time}: đã gửi {sent} thay đổi, nhận {received} thay đổi.</source>
        <translation>Sync finished at {time}: sent {sent} changes, received {received}.</translation>
    </message>
    <message>
        <source>Lần đồng bộ lúc {time} chưa xong: {why}. Dữ liệu trên máy vẫn nguyên vẹn.</source>
        <translation>The sync at {time} did not finish: {why}. The data on this computer is intact.</translation>
    </message>
    <message>
        <source>Thay đổi bị máy chủ từ chối (kèm lý do):</source>
        <translation>Changes the server refused (with the reason):</translation>
    </message>
    <message>
        <source>Không có thay đổi nào bị máy chủ từ chối.</source>
        <translation>The server refused no changes.</translation>
    </message>
    <message numerus="yes">
        <source>%n mục (đảng viên, buổi sinh hoạt, khoản đảng phí…) có thay đổi chưa gửi lên máy chủ.</source>
        <translation>
            <numerusform>%n record (member, meeting, dues entry…) has changes not yet sent to the server.</numerusform>
            <numerusform>%n records (members, meetings, dues entries…) have changes not yet sent to the server.</numerusform>
        </translation>
    </message>
    <message>
        <source>Mọi thay đổi đã được gửi lên máy chủ.</source>
        <translation>Every change has been sent to the server.</translation>
    </message>
    <message>
        <source>Xung đột cần xem xét ({n})</source>
        <translation>Conflicts to review ({n})</translation>
    </message>
    <message>
        <source>(để trống)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Chi bộ số — mở dữ liệu</source>
        <translation>Chi bộ số — open the data</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu</source>
        <translation>Data passphrase</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu:</source>
        <translation>Data passphrase:</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Mở dữ liệu chi bộ</source>
        <translation>Open the cell&apos;s data</translation>
    </message>
    <message>
        <source>Dữ liệu trên máy này được mã hóa bằng mật khẩu (máy không có kho khóa của hệ điều hành). Hãy nhập mật khẩu đã đặt khi tạo hồ sơ.</source>
        <translation>The data on this computer is encrypted with a passphrase (the computer has no operating-system key store). Type the passphrase set when the profile was made.</translation>
    </message>
    <message>
        <source>Quên mật khẩu thì không mở được dữ liệu: không ai, kể cả người làm phần mềm, lấy lại được. Hãy hỏi người đã đặt mật khẩu.</source>
        <translation>A forgotten passphrase cannot open the data: nobody, not even the makers of this program, can recover it. Ask whoever set it.</translation>
    </message>
    <message>
        <source>Sai mật khẩu: không mở được dữ liệu. Hãy gõ lại (chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt).</source>
        <translation>Wrong passphrase: the data cannot be opened. Type it again (mind capital letters and the Vietnamese keyboard).</translation>
    </message>
</context>
</TS>
