/* secrets.c — what counts as a secret in a connection string, and masking
 * of secrets in free text (diagnostic messages, quoted source lines).  The
 * reader drops secret values when it parses a connection string; this is the
 * second line of defence for text that is printed verbatim. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ir.h"

/* Keys whose values are secrets, compared without case and spaces. */
static const char *const secret_keys[] = {
	"password", "pwd", "newpassword", "oldpassword", "jetoledb:databasepassword",
	"jetoledb:newdatabasepassword", "accountkey", "sharedaccesssignature",
	"sastoken", "clientsecret", "secret", "apikey", "accesstoken", "token",
	"authtoken", "proxypassword", "connectionpassword",
};

static size_t squash(const char *key, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (!isspace((unsigned char)key[i]) && key[i] != '_')
			out[k++] = (char)tolower((unsigned char)key[i]);
	out[k] = 0;
	return k;
}

bool ir_is_secret_key(const char *key, size_t n)
{
	char k[64];
	if (n >= sizeof k * 2)
		return false;
	size_t len = squash(key, n, k, sizeof k);
	if (len == 0)
		return false;
	for (size_t i = 0; i < sizeof secret_keys / sizeof *secret_keys; i++)
		if (strcmp(k, secret_keys[i]) == 0)
			return true;
	/* Anything ending in one of these (e.g. "Extended Password",
	 * "Client Secret", "Refresh Token"). */
	static const char *const suffixes[] = {"password", "secret", "token", "pwd"};
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t n = strlen(suffixes[i]);
		if (len >= n && strcmp(k + len - n, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static size_t value_end(const char *s, size_t i)
{
	static const char amp_quot[] = "&quot;";
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i++];
		while (s[i]) {
			if (s[i] == q && s[i + 1] == q) {
				i += 2;
				continue;
			}
			if (s[i] == q)
				return i + 1;
			i++;
		}
		return i;
	}
	if (strncmp(s + i, amp_quot, 6) == 0) {
		const char *e = strstr(s + i + 6, amp_quot);
		return e ? (size_t)(e - s) + 6 : strlen(s);
	}
	if (s[i] == '{') {
		while (s[i] && s[i] != '}')
			i++;
		return s[i] ? i + 1 : i;
	}
	while (s[i] && s[i] != ';' && s[i] != '"' && s[i] != '<' && s[i] != '\n' && s[i] != '&')
		i++;
	return i;
}

void ir_mask_secrets(char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (s[i] != '=')
			continue;
		/* The key is the run of letters, digits, spaces, ':' and '_' before '='. */
		size_t k = i;
		while (k > 0 && (isalnum((unsigned char)s[k - 1]) || s[k - 1] == ' ' || s[k - 1] == ':' || s[k - 1] == '_'))
			k--;
		while (k < i && s[k] == ' ')
			k++;
		if (k == i || !ir_is_secret_key(s + k, i - k))
			continue;
		size_t v = i + 1;
		while (s[v] == ' ')
			v++;
		size_t e = value_end(s, v);
		for (size_t j = v; j < e; j++)
			s[j] = '*';
		i = e ? e - 1 : 0;
	}
}
