// Registration form: changing the connection or the table refreshes the form from the catalog.
// Without JavaScript the "Refresh" button does the same; nothing here is needed to register.
document.addEventListener('DOMContentLoaded', function () {
  var refresh = document.getElementById('refresh');
  if (!refresh) {
    return;
  }
  document.querySelectorAll('select[data-refresh]').forEach(function (select) {
    select.addEventListener('change', function () {
      refresh.click();
    });
  });
});
