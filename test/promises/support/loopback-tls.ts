/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import tls from 'node:tls';

/**
 * A self-signed certificate for the loopback names the key test serves HTTPS on (localhost,
 * 127.0.0.1, 127.0.0.2, ::1), valid from 2000 to 2100. Test-only: it guards nothing.
 */
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBjDCCATKgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDWaOxgIGuDrnC14
VVllzqQYDKEO2jIF6LVkan/d2gK2vjfDDFF3DglC0ygEDje5PpeD8Gexlxd6zVwH
SSNtkfmjczBxMDIGA1UdEQQrMCmCCWxvY2FsaG9zdIcEfwAAAYcEfwAAAocQAAAA
AAAAAAAAAAAAAAAAATAPBgNVHRMBAf8EBTADAQH/MAsGA1UdDwQEAwIChDAdBgNV
HQ4EFgQU5hut9GkcIZ9ZIZhETUls1zjOqecwCgYIKoZIzj0EAwIDSAAwRQIgAjsp
HfQnq+w5bkaxuraEG+o28bma2VvCED5B2hXE0XICIQDddpTvt5pduOqvLx5t5zNI
RFJiyA53PJk4nqbqv/Rf+g==
-----END CERTIFICATE-----`;

const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtlqiPVuHSXWDbLmK
pUCgDkNrTQDrX3ktpZQDvhE/ef6hRANCAAQ1mjsYCBrg65wteFVZZc6kGAyhDtoy
Bei1ZGp/3doCtr43wwxRdw4JQtMoBA43uT6Xg/BnsZcXes1cB0kjbZH5
-----END PRIVATE KEY-----`;

export const loopbackTls = { cert: CERTIFICATE, key: PRIVATE_KEY };

/**
 * Makes TLS connections trust the loopback certificate (n8n's client builds its own agents, so no
 * option reaches them); returns a function that restores the real `tls.connect`.
 */
export function trustLoopbackCertificate(): () => void {
	const original = tls.connect;
	const trusting = (...args: unknown[]) => {
		const [first] = args;
		if (args.length === 1 && typeof first === 'object' && first !== null)
			return original({ ...(first as tls.ConnectionOptions), ca: [CERTIFICATE] });
		return (original as (...rest: unknown[]) => tls.TLSSocket)(...args);
	};
	tls.connect = trusting as typeof tls.connect;
	return () => {
		tls.connect = original;
	};
}
